//! Where SCP runs: the environments (`s` for Samsung, `g` for Sovereign, `e` for
//! Enterprise) and the regions within them (`kr-west1`), as the Environment and Region List
//! of a service's overview writes them.

/// The environments SCP documents.
pub const ENVIRONMENTS: [&str; 3] = ["s", "g", "e"];

/// `true` for an environment's name as the grammar has it: lower-case ASCII letters (the
/// three known ones and any the site adds).
pub fn is_environment(text: &str) -> bool {
    !text.is_empty() && text.len() <= 16 && text.bytes().all(|b| b.is_ascii_lowercase())
}

/// `true` for a region's name: `<area>-<direction><n>` (`kr-west1`, `kr-south3`), lower-case
/// ASCII letters, one dash, then letters and digits, ending in a digit.
pub fn is_region(text: &str) -> bool {
    let Some((area, place)) = text.split_once('-') else {
        return false;
    };
    let letters = place.trim_end_matches(|c: char| c.is_ascii_digit());
    text.len() <= 32
        && !area.is_empty()
        && area.bytes().all(|b| b.is_ascii_lowercase())
        && !letters.is_empty()
        && letters.len() < place.len()
        && letters.bytes().all(|b| b.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_and_regions() {
        assert!(ENVIRONMENTS.iter().all(|e| is_environment(e)));
        assert!(!is_environment("") && !is_environment("S") && !is_environment("skr-west1"));
        for r in ["kr-west1", "kr-south3", "us-east12"] {
            assert!(is_region(r), "{r}");
        }
        for r in ["kr-west", "kr_west1", "krwest1", "-west1", "kr-1", "kr-west1-", "KR-west1"] {
            assert!(!is_region(r), "{r}");
        }
    }
}

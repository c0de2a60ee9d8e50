//! Helpers the behaviour tests share (the tests are in tests/).

use std::process::Command;

/// The access key the tests' clients use.
pub const ACCESS: &str = "test-access-key";
/// The secret key the tests' clients use.
pub const SECRET: &str = "test-secret-key";
/// The account id the tests' clients use.
pub const ACCOUNT: &str = "acc-1234";

/// The SCP signature computed by Python's standard library (not by the crate under test).
pub fn python_signature(method: &str, url: &str, timestamp: &str, account: &str) -> String {
    let script = "import base64, hashlib, hmac, sys\n\
                  secret, method, url, ts, ak, acc = sys.argv[1:7]\n\
                  msg = method + url + ts + ak + acc + 'Openapi'\n\
                  print(base64.b64encode(hmac.new(secret.encode(), msg.encode(), hashlib.sha256).digest()).decode())";
    let out = Command::new("python3")
        .args(["-c", script, SECRET, method, url, timestamp, ACCESS, account])
        .output()
        .expect("python3");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

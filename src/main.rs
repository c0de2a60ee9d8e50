//! The `scpgen` binary: the command line is the library's (src/cli.rs).

fn main() -> std::process::ExitCode {
    scpgen::cli::main()
}

//! The `scpgen` binary: the command line is the library's (src/cli.rs).

// Code generation allocates and frees many small token trees: mimalloc's free lists do it in
// about half the time of the system allocator's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    scpgen::cli::main()
}

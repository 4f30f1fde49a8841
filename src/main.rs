//! The `chisogioi` command line: a thin shell over the library's `cli` module.

/// mimalloc instead of the system allocator: scoring allocates many small, short-lived
/// strings (two per token), where glibc malloc/free cost about 15% of the run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    chisogioi::cli::main()
}

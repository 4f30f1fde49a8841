//! The `chisogioi` command line: a thin shell over the library's `cli` module.
fn main() -> std::process::ExitCode {
    chisogioi::cli::main()
}

//! Generates the Queue Service client from the page scpgen bundles, at every build where the
//! page changed.

fn main() {
    if let Err(e) = scpgen::Generator::new()
        .with_input("../../spec/source/application-service.txt")
        .with_service_filter("queueservice")
        .write_to_out_dir()
    {
        panic!("{e}");
    }
}

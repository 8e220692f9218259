//! Every entry of registry/vendor-codes.txt is in the generated table, in
//! order, with its vendor, code, meaning and source: an independent reading
//! of the data file beside the generator's.

use smtp_status::vendor::{self, Vendor};

const DATA: &str = include_str!("../../registry/vendor-codes.txt");

#[test]
fn every_entry_of_the_file_is_generated() {
    let entries = DATA
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("vendor:"))
        .count();
    assert_eq!(vendor::all().len(), entries);
    let declared = DATA.lines().filter(|l| l.starts_with("vendor:")).count();
    assert_eq!(Vendor::ALL.len(), declared);
    for (line, m) in DATA
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("vendor:"))
        .zip(vendor::all())
    {
        let f: Vec<&str> = line.split(" | ").collect();
        assert_eq!(f[0], m.vendor().id(), "{line}");
        assert_eq!(f[1], m.code().to_string(), "{line}");
        assert_eq!(f[3], m.meaning(), "{line}");
        assert_eq!(f[5], m.source(), "{line}");
    }
}

//! `find_hazard` finds exactly what `is_hazard` says, wherever it stands:
//! nothing in a text of every other character of Unicode, and each hazard
//! at every offset around the 16-byte blocks of printable ASCII it skips,
//! after ASCII and after two-byte characters.

use smtp_status::hazard::{find_hazard, is_hazard};

#[test]
fn find_hazard_agrees_with_is_hazard_everywhere() {
    let all = (0..=0x10ffff).filter_map(char::from_u32);
    let (hazards, others): (Vec<char>, String) = (
        all.clone().filter(|c| is_hazard(*c)).collect(),
        all.filter(|c| !is_hazard(*c)).collect(),
    );
    assert_eq!(hazards.len(), 77);
    assert_eq!(find_hazard(&others), None);
    for c in hazards {
        for (lead, width) in [('a', 1), ('é', 2)] {
            for n in 0..40 {
                let s = format!(
                    "{}{c}x\u{1b}{}",
                    String::from(lead).repeat(n),
                    "b".repeat(20)
                );
                assert_eq!(
                    find_hazard(&s),
                    Some((n * width, c)),
                    "U+{:04X} after {n} {lead}",
                    c as u32
                );
            }
        }
    }
    assert_eq!(find_hazard(""), None);
}

//! Where Azure resources are: region names (`eastus`, `westeurope`; Terraform may keep a
//! display name such as `East US 2`, which reads as `eastus2`), the region Azure pairs with
//! each (where geo-redundant storage and backups go), and region names inside a text.

/// Every region name drplan knows, with the region Azure pairs it with (Microsoft Learn,
/// "Azure region pairs and nonpaired regions"; `None`: a region without a pair, where
/// geo-redundant copies are not offered). Some pairings go one way only (`westus3` pairs with
/// `eastus`, whose own pair is `westus`).
const REGIONS: &[(&str, Option<&str>)] = &[
    ("australiacentral", Some("australiacentral2")),
    ("australiacentral2", Some("australiacentral")),
    ("australiaeast", Some("australiasoutheast")),
    ("australiasoutheast", Some("australiaeast")),
    ("austriaeast", None),
    ("belgiumcentral", None),
    ("brazilsouth", Some("southcentralus")),
    ("brazilsoutheast", Some("brazilsouth")),
    ("canadacentral", Some("canadaeast")),
    ("canadaeast", Some("canadacentral")),
    ("centralindia", Some("southindia")),
    ("centralus", Some("eastus2")),
    ("chilecentral", None),
    ("chinaeast", Some("chinanorth")),
    ("chinaeast2", Some("chinanorth2")),
    ("chinaeast3", Some("chinanorth3")),
    ("chinanorth", Some("chinaeast")),
    ("chinanorth2", Some("chinaeast2")),
    ("chinanorth3", Some("chinaeast3")),
    ("eastasia", Some("southeastasia")),
    ("eastus", Some("westus")),
    ("eastus2", Some("centralus")),
    ("francecentral", Some("francesouth")),
    ("francesouth", Some("francecentral")),
    ("germanynorth", Some("germanywestcentral")),
    ("germanywestcentral", Some("germanynorth")),
    ("indonesiacentral", None),
    ("israelcentral", None),
    ("italynorth", None),
    ("japaneast", Some("japanwest")),
    ("japanwest", Some("japaneast")),
    ("jioindiacentral", Some("jioindiawest")),
    ("jioindiawest", Some("jioindiacentral")),
    ("koreacentral", Some("koreasouth")),
    ("koreasouth", Some("koreacentral")),
    ("malaysiawest", None),
    ("mexicocentral", None),
    ("newzealandnorth", None),
    ("northcentralus", Some("southcentralus")),
    ("northeurope", Some("westeurope")),
    ("norwayeast", Some("norwaywest")),
    ("norwaywest", Some("norwayeast")),
    ("polandcentral", None),
    ("qatarcentral", None),
    ("southafricanorth", Some("southafricawest")),
    ("southafricawest", Some("southafricanorth")),
    ("southcentralus", Some("northcentralus")),
    ("southeastasia", Some("eastasia")),
    ("southindia", Some("centralindia")),
    ("spaincentral", None),
    ("swedencentral", Some("swedensouth")),
    ("swedensouth", Some("swedencentral")),
    ("switzerlandnorth", Some("switzerlandwest")),
    ("switzerlandwest", Some("switzerlandnorth")),
    ("uaecentral", Some("uaenorth")),
    ("uaenorth", Some("uaecentral")),
    ("uksouth", Some("ukwest")),
    ("ukwest", Some("uksouth")),
    ("usgovarizona", Some("usgovtexas")),
    ("usgoviowa", Some("usgovvirginia")),
    ("usgovtexas", Some("usgovarizona")),
    ("usgovvirginia", Some("usgovtexas")),
    ("westcentralus", Some("westus2")),
    ("westeurope", Some("northeurope")),
    ("westindia", Some("southindia")),
    ("westus", Some("eastus")),
    ("westus2", Some("westcentralus")),
    ("westus3", Some("eastus")),
];

/// A location as Azure's programmatic name: `East US 2` → `eastus2` (lower case, no
/// spaces); a name drplan does not know is kept so, lower case.
pub fn normalise(location: &str) -> String {
    location
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a name (already normalised) is an Azure region.
pub fn known(region: &str) -> bool {
    REGIONS.binary_search_by(|(r, _)| r.cmp(&region)).is_ok()
}

/// The region Azure pairs with a region, where it has one.
pub fn paired(region: &str) -> Option<&'static str> {
    let i = REGIONS.binary_search_by(|(r, _)| r.cmp(&region)).ok()?;
    REGIONS[i].1
}

/// A region name inside a text (`eastus2`, `westeurope`, `East US`): its start and length,
/// at word boundaries (letters and digits do not continue it on either side).
pub fn find_region(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric();
    for (at, _) in text.char_indices() {
        // Every name starts with a letter: a word's other starts are passed over at once.
        if (at > 0 && word(bytes[at - 1])) || !bytes[at].is_ascii_alphabetic() {
            continue;
        }
        let first = bytes[at].to_ascii_lowercase();
        let rest = &text[at..];
        // The longest name that starts here (`eastus2` before `eastus`).
        let found = (REGIONS.iter())
            .map(|(r, _)| *r)
            .filter(|r| r.as_bytes()[0].eq_ignore_ascii_case(&first))
            .filter(|r| {
                rest.len() >= r.len()
                    && rest.is_char_boundary(r.len())
                    && rest[..r.len()].eq_ignore_ascii_case(r)
                    && !rest.as_bytes().get(r.len()).copied().is_some_and(word)
            })
            .max_by_key(|r| r.len());
        if let Some(r) = found {
            return Some((at, r.len()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_every_pair_is_a_region() {
        assert!(REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
        for (r, pair) in REGIONS {
            if let Some(p) = pair {
                assert!(known(p), "{r} pairs with {p}, which is not in the table");
            }
        }
    }

    #[test]
    fn names_display_names_and_pairs() {
        assert_eq!(normalise("East US 2"), "eastus2");
        assert_eq!(normalise("westeurope"), "westeurope");
        assert!(known("eastus2") && !known("us-east-1"));
        assert_eq!(paired("eastus"), Some("westus"));
        assert_eq!(paired("westus3"), Some("eastus"));
        assert_eq!(paired("italynorth"), None);
        assert_eq!(find_region("module.app_eastus2.x"), Some((11, 7)));
        assert_eq!(find_region("sa[\"westeurope\"]"), Some((4, 10)));
        assert_eq!(find_region("beastus"), None);
        assert_eq!(find_region("café eastus"), Some((6, 6)));
    }
}

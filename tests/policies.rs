//! The policy transcriptions (rules/policies/) against the seed policies' own words.
//!
//! A review of the transcriptions found disclosures, purposes, contradictions and empty lists
//! that were left out or misreported. Each test holds the seed sentences it checks as string
//! literals copied verbatim from the seed (a user's clone does not have the seeds), and asserts
//! that the transcription records them: a purpose or a gap whose `quote` is those words, cut
//! only with "…".

use toml::{Table, Value};

/// A file of the repository, read as text.
fn read(path: &str) -> String {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The policy file `rules/policies/NAME.toml`, parsed.
fn policy(name: &str) -> Table {
    toml::from_str(&read(&format!("rules/policies/{name}.toml"))).unwrap()
}

/// The tables of `section` ("purposes" or "gaps").
fn entries<'a>(policy: &'a Table, section: &str) -> Vec<&'a Table> {
    policy.get(section).and_then(Value::as_array).map_or(Vec::new(), |a| a.iter().filter_map(Value::as_table).collect())
}

/// The string `key` of an entry, or "".
fn text<'a>(entry: &'a Table, key: &str) -> &'a str {
    entry.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The entry of `section` whose quote contains `fragment`, checked verbatim against `seed`:
/// every piece of the quote between cuts ("…") is in one of the seed sentences.
fn quoting<'a>(policy: &'a Table, section: &str, fragment: &str, seed: &[&str]) -> &'a Table {
    let entry = entries(policy, section)
        .into_iter()
        .find(|entry| text(entry, "quote").contains(fragment))
        .unwrap_or_else(|| panic!("no {section} entry quotes {fragment:?}"));
    for piece in text(entry, "quote").split('…').map(str::trim).filter(|p| !p.is_empty()) {
        assert!(seed.iter().any(|s| s.contains(piece)), "not in the seed's words: {piece:?}");
    }
    entry
}

#[test]
fn alloprof_records_transfers_to_the_united_states_or_europe() {
    const SEED: &str = "Some information is processed by third-party suppliers based in the United States or Europe. \
                        Please note that privacy laws in these jurisdictions differ from those in Canada and Quebec.";
    let alloprof = policy("alloprof");
    let gap = quoting(&alloprof, "gaps", "United States or Europe", &[SEED]);
    assert!(text(gap, "about").contains("transfer"), "{gap:?}");
}

#[test]
fn alloprof_records_the_disclosures_to_researchers_and_to_marketing_suppliers() {
    const RESEARCHERS: &str = "Alloprof contributes to university research and reserves the right, for this purpose \
                               and within the strict framework of studies subject to an ethical certification duly \
                               adopted by competent academic authorities, to grant access to its data to researchers \
                               subject to this ethical certification.";
    const SUPPLIERS: &str = "Alloprof reserves the right to transfer user data to suppliers who contribute to the \
                             improvement or development of our services. These suppliers offer services in various \
                             categories, such as server hosting, software engineering, and marketing.";
    let alloprof = policy("alloprof");
    // The text names no category for either: gaps, whose note says why they are not purposes.
    let disclosures = [("to grant access to its data to researchers", RESEARCHERS), ("and marketing", SUPPLIERS)];
    for (fragment, seed) in disclosures {
        let gap = quoting(&alloprof, "gaps", fragment, &[seed]);
        assert!(text(gap, "note").contains("no category"), "{gap:?}");
    }
}

#[test]
fn alloprof_records_the_public_posts_of_the_help_zone() {
    const SEED: &str = "On certain Alloprof platforms, such as the Help Zone, users can disclose personal information \
                        that is visible to other users.";
    quoting(&policy("alloprof"), "gaps", "Help Zone", &[SEED]);
}

#[test]
fn alloprof_says_which_retentions_are_inferred_from_the_account_retention() {
    // The retention sentence names account information only, not the phone number or the IP address.
    const SEED: &str = "For example, user account information is retained until the user ceases to use Alloprof’s \
                        services, whether because they’ve graduated from high school or requested to close their \
                        account.";
    assert!(!SEED.contains("phone") && !SEED.contains("IP"));
    let alloprof = policy("alloprof");
    for id in ["phone-callbacks", "account-security"] {
        let purpose = entries(&alloprof, "purposes").into_iter().find(|p| text(p, "id") == id).unwrap();
        assert!(text(purpose, "retention").contains("nferred from the account retention"), "{purpose:?}");
    }
    let file = read("rules/policies/alloprof.toml");
    let header = file.split("\nschema = ").next().unwrap();
    let inferred = header.split("Inferred by the transcriber").nth(1).expect("an inferred list");
    assert!(inferred.contains("account retention"), "the header's inferred list names the retention");
}

#[test]
fn call_recordings_are_not_biometric_data() {
    const SEED: &str = "To monitor the quality of service and staff training\nInteractions are recorded for quality \
                        control and training purposes. Users are informed of this practice and may object where \
                        permitted by law.\n- Recordings of interactions between the user and our teachers via \
                        telephone, chat, and text message services";
    let alloprof = policy("alloprof");
    let purpose = quoting(&alloprof, "purposes", "Recordings of interactions", &[SEED]);
    assert!(purpose["categories"].as_array().unwrap().iter().any(|c| c.as_str() == Some("voice_recording")));
    let vocabulary: Table = toml::from_str(&read("rules/categories/categories.toml")).unwrap();
    let categories = entries(&vocabulary, "categories");
    let voice = categories.iter().find(|c| text(c, "id") == "voice_recording").unwrap();
    assert!(!text(voice, "fideslang").starts_with("user.biometric"), "{voice:?}");
}

#[test]
fn proassistance_records_the_de_identified_research_purpose() {
    const SEED: &[&str] = &[
        "Conducting data analysis, testing, and research using de-identified information, as well as monitoring and \
         analyzing trends in activity and use",
        "Examples of information used:",
        "Information that identifies you",
        "Information about your profile",
    ];
    let proassistance = policy("proassistance");
    let purpose = quoting(&proassistance, "purposes", "using de-identified information", SEED);
    assert!(!purpose["categories"].as_array().unwrap().is_empty(), "{purpose:?}");
}

#[test]
fn proassistance_records_notices_of_changes_and_surveys_through_a_survey_firm() {
    const SEED: &[&str] = &[
        "To conduct surveys to help us improve our services for a better\n    experience, through a survey firm",
        "ProAssistance may use the information collected to inform customers of changes to our terms and conditions, \
         services, or policies, as well as to send communications that are not intended to promote ProAssistance’s \
         services.",
        "Examples of information used:",
        "Information that identifies you",
        "Information about your communications and interactions with us",
    ];
    let proassistance = policy("proassistance");
    quoting(&proassistance, "purposes", "through a survey firm", SEED);
    quoting(&proassistance, "purposes", "inform customers of changes to our terms", SEED);
}

#[test]
fn proassistance_cookie_purpose_includes_personalization() {
    const SEED: &[&str] = &[
        "We use cookies to manage our website and our services, and to analyze how our website and our services are \
         used. They also allow us to better understand your interests and provide you with a more personalized online \
         experience, meeting your property needs.",
        "we use a browser feature called a “cookie” to automatically collect certain information about users, such as \
         the Internet Protocol (IP) address that identifies the computer, the IP address of the Internet service \
         provider, the name and version of the web browser, the date and time the user accesses the website, the \
         Internet address from which the user directly accesses the website, the operating system used, sections of \
         the website visited, web pages read and images viewed and documents displayed on the website or downloaded \
         from the website.",
    ];
    let proassistance = policy("proassistance");
    let purpose = quoting(&proassistance, "purposes", "a more personalized online experience", SEED);
    assert!(text(purpose, "name").contains("personaliz"), "{purpose:?}");
}

#[test]
fn proassistance_records_any_other_case_authorized_by_law() {
    const SEED: &str = "For any other case authorized by the law in force";
    quoting(&policy("proassistance"), "gaps", SEED, &[SEED]);
}

#[test]
fn proassistance_records_both_sides_of_its_two_contradictions() {
    const NO_DISCLOSURE: &str = "No personal information will be disclosed to the third parties.";
    const ADVERTISING: &str = "ProAssistance also works with advertising partners who collect and use information \
                               about your visits on our website in order to present you with advertising that may be \
                               of interest to you.";
    const ALWAYS: &str = "Your consent is always required.";
    const BY_USE: &str = "By using our website, you acknowledge that we use essential cookies, and you consent to the \
                          use of non-essential cookies, as explained in our Cookie Policy.";
    let proassistance = policy("proassistance");
    let gap = quoting(&proassistance, "gaps", NO_DISCLOSURE, &[NO_DISCLOSURE, ADVERTISING]);
    assert!(text(gap, "quote").contains("advertising partners"), "{gap:?}");
    let gap = quoting(&proassistance, "gaps", ALWAYS, &[ALWAYS, BY_USE]);
    assert!(text(gap, "quote").contains("non-essential cookies"), "{gap:?}");
}

#[test]
fn competences_quebec_cookie_purpose_includes_personalized_pages() {
    const SEED: &[&str] = &[
        "Our server installs a permanent cookie on your computer when you first visit our site, and another cookie at \
         the beginning of each subsequent visit. Our use of cookies is limited to the technical management of \
         sessions, specifically in order to analyse browsing sessions.",
        "You may refuse or deactivate cookies. In this case, certain actions on our site will not be available. For \
         example, the access to any page that is personalized in regards to the selection of clientele.",
    ];
    quoting(&policy("competences-quebec"), "purposes", "any page that is personalized", SEED);
}

#[test]
fn planiso_gaps_do_not_claim_the_officers_address_is_missing() {
    // The seed ends with a postal address; what it lacks is the officer's name, title and email.
    const SEED: &str =
        "Contact logo alternative image\n\n393 Racine East Street, Suite 200\n\nChicoutimi (Quebec) G7H 1T2";
    assert!(SEED.contains("393 Racine East Street"));
    let planiso = policy("planiso");
    for gap in entries(&planiso, "gaps") {
        let note = text(gap, "note").to_lowercase();
        assert!(!(note.contains("address") && note.contains("is missing")), "{gap:?}");
    }
    assert!(entries(&planiso, "gaps").iter().any(|g| text(g, "note").contains("name, title and email")));
}

#[test]
fn planiso_records_the_empty_list_of_uses_once() {
    const COLLECTED: &str = "3.1 We collect various types of data, including but not limited to :";
    const USES: &str = "4.1 We use your personal information for a range of essential activities :";
    let planiso = policy("planiso");
    let gaps = entries(&planiso, "gaps");
    let mentions_uses = |g: &Table| {
        ["4.1", "essential activities"].iter().any(|w| text(g, "note").contains(w) || text(g, "quote").contains(w))
    };
    let uses: Vec<_> = gaps.iter().filter(|g| mentions_uses(g)).collect();
    assert_eq!(uses.len(), 1, "one gap for the empty list of uses: {uses:?}");
    quoting(&planiso, "gaps", "essential activities", &[COLLECTED, USES]);
    let mut quotes: Vec<&str> = gaps.iter().map(|g| text(g, "quote")).filter(|q| !q.is_empty()).collect();
    quotes.sort_unstable();
    let count = quotes.len();
    quotes.dedup();
    assert_eq!(quotes.len(), count, "two gaps share a quote");
}

#[test]
fn planiso_records_the_bundled_consent() {
    const SEED: &str = "By providing us with your personal information, you agree to the terms of this policy and \
                        authorize us to process your information in accordance with it.";
    quoting(&policy("planiso"), "gaps", "By providing us with your personal information", &[SEED]);
}

#[test]
fn the_readme_example_uses_values_from_the_alloprof_seed() {
    const SEED: &[&str] = &[
        "Privacy Policy\nLast update: November 5, 2025",
        "To secure the user’s account and ensure compliance with our Terms of Use\n- User’s email address\n- \
         Password\n- Internet Protocol (IP) Address",
        "Some information is processed by third-party suppliers based in the United States or Europe.",
    ];
    let readme = read("rules/policies/README.md");
    let block = readme.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a toml example");
    let example: Table = toml::from_str(block).unwrap();
    assert_eq!(example["organization"]["name"].as_str(), Some("Alloprof"));
    let document = &example["policy"];
    assert!(SEED[0].starts_with(document["title"].as_str().unwrap()), "{document:?}");
    assert_eq!(document["date"].as_str(), Some("2025-11-05"), "the seed's November 5, 2025");
    assert_eq!(document["language"].as_str(), Some("en"));
    for section in ["purposes", "gaps"] {
        for entry in entries(&example, section) {
            quoting(&example, section, text(entry, "quote"), SEED);
        }
    }
}

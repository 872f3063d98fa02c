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

// ---------------------------------------------------------------------------------------------
// Retention periods, subjects, transfers, legal bases and the promise about accidental data.

/// The four transcriptions.
const POLICIES: [&str; 4] = ["alloprof", "competences-quebec", "proassistance", "planiso"];

/// The purpose `id` of a policy.
fn purpose<'a>(policy: &'a Table, id: &str) -> &'a Table {
    entries(policy, "purposes").into_iter().find(|p| text(p, "id") == id).unwrap_or_else(|| panic!("no purpose {id}"))
}

/// The strings of the array `key` of an entry (empty when absent).
fn strings<'a>(entry: &'a Table, key: &str) -> Vec<&'a str> {
    entry.get(key).and_then(Value::as_array).map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect())
}

/// Whether `text` is an ISO 8601 period of days as `piimap policy check` reads it: `P`, then
/// numbers with Y, M, W, D, in that order (`P3Y`, `P6M`, `P2W`, `P30D`, `P0D`).
fn is_period_of_days(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else { return false };
    let (mut number, mut last) = (String::new(), 0);
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let Some(order) = "YMWD".find(c).map(|i| i + 1) else { return false };
        if number.is_empty() || order <= last {
            return false;
        }
        number.clear();
        last = order;
    }
    last > 0 && number.is_empty()
}

/// Whether a sentence states a period: a number ("30", "three") followed by years, months,
/// weeks or days.
fn states_a_period(sentence: &str) -> bool {
    const NUMBERS: &[&str] = &["one", "two", "three", "four", "five", "six", "seven", "ten", "twelve"];
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|pair| {
        let number = pair[0].bytes().all(|b| b.is_ascii_digit()) || NUMBERS.contains(&pair[0]);
        number && ["year", "month", "week", "day"].iter().any(|unit| pair[1].starts_with(unit))
    })
}

#[test]
fn alloprof_promises_to_destroy_accidental_data_with_no_period() {
    const SEED: &str = "Any personal data collected accidentally or for a purpose other than those set out in this \
                        policy will be destroyed as soon as possible.";
    let alloprof = policy("alloprof");
    let accidental = alloprof.get("accidental").and_then(Value::as_table).expect("an [accidental] table");
    assert_eq!(text(accidental, "quote"), SEED);
    // "as soon as possible" states no period: P0D reads it literally, and the header says so.
    assert!(!states_a_period(SEED));
    assert_eq!(text(accidental, "keep"), "P0D");
    assert!(is_period_of_days(text(accidental, "keep")));
    let file = read("rules/policies/alloprof.toml");
    let header = file.split("\nschema = ").next().unwrap();
    let inferred = header.split("Inferred by the transcriber").nth(1).expect("an inferred list");
    assert!(inferred.contains("P0D") && inferred.contains("as soon as possible"), "the header marks the reading");
    // No other seed promises anything about all accidentally collected data (PLANISO's promise
    // concerns children only: see planiso_records_its_promise_about_children_as_a_gap).
    for name in ["competences-quebec", "proassistance", "planiso"] {
        assert!(!policy(name).contains_key("accidental"), "{name}");
    }
}

#[test]
fn alloprof_students_are_minors_and_the_user_purposes_list_them() {
    const GEARED: &str = "Alloprof’s platforms are generally geared toward school-aged students.";
    const UNDER_14: &str =
        "Alloprof assumes that if your child is under 14 years of age, you have given prior consent \
                            for them to use the Alloprof platforms.";
    const STATUS: &str = "- Their status (parent, student, adult student, or teacher)";
    const DONORS: &str = "Alloprof collects donors’ personal information so that it can issue tax receipts. This \
                          information includes the donor’s name, their mailing address, and the amount of the \
                          donation.";
    const CANDIDATES: &str = "To assess candidates for positions at Alloprof";
    let alloprof = policy("alloprof");
    let students = quoting(&alloprof, "subjects", "school-aged students", &[GEARED, UNDER_14]);
    assert_eq!(text(students, "id"), "students");
    assert_eq!(students.get("minors").and_then(Value::as_bool), Some(true), "{students:?}");
    // Only the school-aged students are minors; adult students are a subject of their own.
    let minors: Vec<&str> = entries(&alloprof, "subjects")
        .into_iter()
        .filter(|s| s.get("minors").and_then(Value::as_bool) == Some(true))
        .map(|s| text(s, "id"))
        .collect();
    assert_eq!(minors, ["students"]);
    assert_eq!(text(quoting(&alloprof, "subjects", "adult student", &[STATUS]), "id"), "adult-students");
    assert_eq!(text(quoting(&alloprof, "subjects", "donors’ personal information", &[DONORS]), "id"), "donors");
    assert_eq!(text(quoting(&alloprof, "subjects", CANDIDATES, &[CANDIDATES]), "id"), "candidates");
    for id in [
        "registration",
        "personalization",
        "quebec-residency",
        "phone-callbacks",
        "quality-training",
        "account-security",
        "newsletter-contests",
    ] {
        let subjects = strings(purpose(&alloprof, id), "subjects");
        for who in ["students", "parents", "teachers"] {
            assert!(subjects.contains(&who), "{id} lists {who}: {subjects:?}");
        }
    }
    assert!(strings(purpose(&alloprof, "registration"), "subjects").contains(&"adult-students"));
    assert_eq!(strings(purpose(&alloprof, "donation-receipts"), "subjects"), ["donors"]);
    assert_eq!(strings(purpose(&alloprof, "recruitment"), "subjects"), ["candidates"]);
    // In every transcription, a purpose's subjects are declared in [[subjects]].
    for name in POLICIES {
        let policy = policy(name);
        let declared: Vec<&str> = entries(&policy, "subjects").into_iter().map(|s| text(s, "id")).collect();
        for purpose in entries(&policy, "purposes") {
            for subject in strings(purpose, "subjects") {
                assert!(declared.contains(&subject), "{name}: {} lists {subject}", text(purpose, "id"));
            }
        }
    }
}

#[test]
fn retention_periods_are_tables_only_where_a_seed_states_one() {
    // Every retention sentence of the four seeds. None states a period: "until the user ceases to
    // use Alloprof’s services", "for the period required by law", "a shorter period" are words.
    const RETENTION: &[(&str, &[&str])] = &[
        (
            "alloprof",
            &["Alloprof retains personal information for as long as it takes to provide the services for which it \
               was collected. For example, user account information is retained until the user ceases to use \
               Alloprof’s services, whether because they’ve graduated from high school or requested to close their \
               account."],
        ),
        (
            "competences-quebec",
            &["Conformant with article 64 of the access Law, Compétences Québec does not keep anything but the \
               necessary information required by school boards, colleges, the ministère de l'Éducation et de \
               l'Enseignement supérieur."],
        ),
        (
            "proassistance",
            &["ProAssistance retains your personal information for the purposes described above, and for the period \
               required by law."],
        ),
        (
            "planiso",
            &[
                "We will retain your personal data only for the period necessary for the purposes outlined in this \
                 privacy policy. We will retain and use it as long as necessary to meet our legal obligations, \
                 resolve disputes, and enforce our legal policies.",
                "We will also retain usage data for internal analysis purposes. This data is typically retained for a \
                 shorter period unless used to enhance security or improve the functionality of our website, or if \
                 we are legally required to keep it for a longer period.",
            ],
        ),
    ];
    // The detector does see a period where there is one (Alloprof's delay to answer a request).
    assert!(states_a_period("We will process your request within 30 days."));
    for (name, sentences) in RETENTION {
        let stated = sentences.iter().any(|s| states_a_period(s));
        for purpose in entries(&policy(name), "purposes") {
            let id = text(purpose, "id");
            match purpose.get("retention") {
                None | Some(Value::String(_)) => {}
                Some(Value::Table(period)) => {
                    assert!(stated, "{name}/{id}: a retention table, but the seed states no period");
                    assert!(is_period_of_days(text(period, "keep")), "{name}/{id}: {period:?}");
                    assert!(["", "collection", "last_activity"].contains(&text(period, "after")), "{period:?}");
                    assert!(!text(period, "text").is_empty(), "{name}/{id}: the policy's words");
                }
                Some(other) => panic!("{name}/{id}: retention {other:?}"),
            }
        }
    }
}

#[test]
fn legal_bases_are_recorded_in_the_seeds_words_where_stated() {
    const BASES: &[(&str, &str, &str)] = &[
        (
            "alloprof",
            "newsletter-contests",
            "- User’s email address. Please note that subscribing to our newsletter or entering a contest is \
             contingent on the user’s explicit consent, which may be withdrawn at any time.",
        ),
        (
            "alloprof",
            "additional-information",
            "This information is collected only with the explicit, free, and informed consent of the user or the \
             legal guardian responsible for the user, in accordance with the Privacy Laws.",
        ),
        (
            "alloprof",
            "legal-compliance",
            "We may also collect personal information in order to comply with applicable legal and regulatory \
             requirements, or for other purposes permitted by law.",
        ),
        (
            "proassistance",
            "newsletters",
            "With your consent, ProAssistance may send emails, including newsletters and promotional content for \
             services and events, or to request participation in satisfaction surveys.",
        ),
        (
            "proassistance",
            "personalized-offers",
            "With your consent, ProAssistance may send personalized offers for our services or the services of third \
             parties that you may find useful or advantageous.",
        ),
        (
            "proassistance",
            "legal-obligations",
            "In order to comply with our legal and regulatory obligations, we may collect, use, and disclose your \
             personal information for the following reasons.",
        ),
        (
            "proassistance",
            "cookies",
            "By using our website, you acknowledge that we use essential cookies, and you consent to the use of \
             non-essential cookies, as explained in our Cookie Policy.",
        ),
        (
            "planiso",
            "consent-exceptions",
            "This may occur in situations where legal, medical, or security imperatives make obtaining your consent \
             impossible or impractical.",
        ),
    ];
    for (name, id, seed) in BASES {
        let policy = policy(name);
        let basis = text(purpose(&policy, id), "legal_basis");
        assert!(!basis.is_empty() && seed.contains(basis), "{name}/{id}: {basis:?} is not in {seed:?}");
    }
    // No other purpose claims a basis: where the text states none, there is none.
    for name in POLICIES {
        for purpose in entries(&policy(name), "purposes") {
            let id = text(purpose, "id");
            if purpose.contains_key("legal_basis") {
                assert!(BASES.iter().any(|(n, i, _)| *n == name && *i == id), "{name}/{id} has an unquoted basis");
            }
        }
    }
}

#[test]
fn transfers_outside_quebec_assume_no_assessment() {
    const ALLOPROF: &str = "Some information is processed by third-party suppliers based in the United States or \
                            Europe. Please note that privacy laws in these jurisdictions differ from those in Canada \
                            and Quebec.";
    // Said of those transfers; not an assessment.
    const COMPLY: &str = "In such cases, Alloprof ensures that the information protection practices comply with the \
                          applicable laws in Quebec and Canada, as well as its own privacy standards.";
    const PROASSISTANCE: &str = "ProAssistance sometimes calls on suppliers or partners located outside your province \
                                 or Canada to carry out specific mandates in the normal course of its operations.";
    const PLANISO: &str = "Data transfers outside Québec are conducted as part of international collaborations, while \
                           ensuring adequate protection of information in accordance with applicable laws.";
    assert!(!COMPLY.contains("assess"));
    for name in POLICIES {
        for purpose in entries(&policy(name), "purposes") {
            for transfer in purpose.get("transfers").and_then(Value::as_array).into_iter().flatten() {
                let transfer = transfer.as_table().unwrap();
                let to = text(transfer, "to");
                assert!(["quebec", "canada", "outside_canada"].contains(&to), "{transfer:?}");
                assert!(!text(transfer, "quote").is_empty(), "{name}: a transfer quotes the policy: {transfer:?}");
                if to != "quebec" && transfer.get("assessed").and_then(Value::as_bool) == Some(true) {
                    assert!(
                        text(transfer, "quote").contains("assess"),
                        "{name}: assessed but not quoted: {transfer:?}"
                    );
                }
            }
        }
    }
    // None of the seeds ties a transfer outside Quebec to a purpose: each is a gap.
    let alloprof = policy("alloprof");
    let gap = quoting(&alloprof, "gaps", "United States or Europe", &[ALLOPROF]);
    assert!(text(gap, "note").contains("`assessed`"), "the note says why nothing is assessed: {gap:?}");
    let vocabulary: Table = toml::from_str(&read("rules/categories/categories.toml")).unwrap();
    let ids: Vec<&str> = entries(&vocabulary, "categories").into_iter().map(|c| text(c, "id")).collect();
    let categories = strings(gap, "categories");
    assert!(!categories.is_empty() && categories.iter().all(|c| ids.contains(c)), "{categories:?}");
    for purpose in entries(&alloprof, "purposes") {
        assert!(!purpose.contains_key("transfers"), "the text ties the transfer to no purpose: {purpose:?}");
    }
    quoting(&policy("proassistance"), "gaps", "outside your province or Canada", &[PROASSISTANCE]);
    quoting(&policy("planiso"), "gaps", "Data transfers outside Québec", &[PLANISO]);
}

#[test]
fn the_readme_documents_the_new_fields_with_alloprof_values() {
    let readme = read("rules/policies/README.md");
    let block = readme.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).expect("a toml example");
    let example: Table = toml::from_str(block).unwrap();
    let alloprof = policy("alloprof");
    assert_eq!(example["accidental"], alloprof["accidental"]);
    let declared: Vec<&str> = entries(&example, "subjects").into_iter().map(|s| text(s, "id")).collect();
    let students = entries(&example, "subjects").into_iter().find(|s| text(s, "id") == "students").unwrap();
    let real = entries(&alloprof, "subjects").into_iter().find(|s| text(s, "id") == "students").unwrap();
    assert_eq!(students, real);
    for entry in entries(&example, "purposes") {
        assert_eq!(entry["subjects"], purpose(&alloprof, text(entry, "id"))["subjects"]);
        assert!(strings(entry, "subjects").iter().all(|s| declared.contains(s)));
    }
    for rule in ["ISO 8601 periods of days", "declared in `[[subjects]]`", "## Retention, subjects, transfers"] {
        assert!(readme.contains(rule), "the README says {rule:?}");
    }
}

#[test]
fn planiso_records_its_promise_about_children_as_a_gap() {
    const PROMISE: &str = "If we learn that we have inadvertently collected personal information from a user under \
                           14, we will take steps to delete that information from our files and records.";
    const CHILDREN: &str = "We do not knowingly collect or solicit personal information from children under 14 years \
                            of age.";
    let planiso = policy("planiso");
    // It concerns children only and states no period: not an [accidental] promise for all data.
    assert!(!planiso.contains_key("accidental"));
    quoting(&planiso, "gaps", "inadvertently collected", &[PROMISE]);
    let children = quoting(&planiso, "subjects", "children under 14", &[CHILDREN]);
    assert_eq!(children.get("minors").and_then(Value::as_bool), Some(true));
    let id = text(children, "id");
    assert!(entries(&planiso, "purposes").iter().all(|p| !strings(p, "subjects").contains(&id)));
}

use super::*;
use crate::ErrorKind;
use crate::dns::RecordSet;

const ZONE: &str = "example.org";

fn read(text: &str) -> ZoneFile {
    parse(text, ZONE).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn error(text: &str) -> String {
    let err = parse(text, ZONE).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    err.message().to_string()
}

/// `(line, name, ttl, presentation)` of every entry.
fn rows(file: &ZoneFile) -> Vec<(usize, String, Option<u32>, String)> {
    file.entries
        .iter()
        .map(|e| {
            (
                e.line,
                e.name.clone(),
                e.ttl,
                format!("{} {}", e.rtype(), e.data),
            )
        })
        .collect()
}

fn row(
    line: usize,
    name: &str,
    ttl: Option<u32>,
    data: &str,
) -> (usize, String, Option<u32>, String) {
    (line, name.to_string(), ttl, data.to_string())
}

#[test]
fn a_typical_zone() {
    let text = "\
$ORIGIN example.org.
$TTL 3600
@   IN SOA ns1 hostmaster ( 2024010101 ; serial
            7200 3600 1209600 300 )
    IN NS  ns1
    IN NS  ns2.example.net.
    IN MX  10 mail
www 300 IN A 192.0.2.1
        IN A 192.0.2.2
mail    A 192.0.2.3
_sip._tcp SRV 0 5 5060 sip.example.net.
*.dev   CNAME www
@       TXT \"v=spf1 mx -all\"
";
    let file = read(text);
    assert_eq!(file.origin, "example.org");
    assert_eq!(file.default_ttl, Some(3600));
    assert_eq!(
        rows(&file),
        [
            row(
                3,
                "@",
                Some(3600),
                "SOA ns1.example.org. hostmaster.example.org. 2024010101 7200 3600 1209600 300"
            ),
            row(5, "@", Some(3600), "NS ns1.example.org."),
            row(6, "@", Some(3600), "NS ns2.example.net."),
            row(7, "@", Some(3600), "MX 10 mail.example.org."),
            row(8, "www", Some(300), "A 192.0.2.1"),
            row(9, "www", Some(3600), "A 192.0.2.2"),
            row(10, "mail", Some(3600), "A 192.0.2.3"),
            row(11, "_sip._tcp", Some(3600), "SRV 0 5 5060 sip.example.net."),
            row(12, "*.dev", Some(3600), "CNAME www.example.org."),
            row(13, "@", Some(3600), "TXT \"v=spf1 mx -all\""),
        ]
    );
    let sets = file.record_sets();
    let www: Vec<&RecordSet> = sets.iter().filter(|s| s.name == "www").collect();
    assert_eq!(www.len(), 1);
    assert_eq!(www[0].values.len(), 2);
    assert_eq!(www[0].ttl, Some(300), "the lowest TTL of the set");
}

#[test]
fn owners_absolute_relative_apex_and_blank() {
    let file = read(
        "$ORIGIN example.org.\n\
         www.example.org. 60 A 192.0.2.1\n\
         WWW A 192.0.2.2\n\
         \t A 192.0.2.3\n\
         example.org. 60 A 192.0.2.4\n\
         @ 60 A 192.0.2.5\n\
         \x20 60 TXT x\n",
    );
    let names: Vec<&str> = file.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["www", "www", "www", "@", "@", "@"]);
}

#[test]
fn origin_changes_mid_file() {
    let file = read(
        "$ORIGIN example.org.\n\
         a 60 A 192.0.2.1\n\
         $ORIGIN sub.example.org.\n\
         b A 192.0.2.2\n\
         @ MX 10 mail\n\
         $ORIGIN deeper\n\
         c CNAME @\n\
         $ORIGIN example.org.\n\
         d CNAME b.sub\n",
    );
    assert_eq!(
        rows(&file),
        [
            row(2, "a", Some(60), "A 192.0.2.1"),
            row(4, "b.sub", Some(60), "A 192.0.2.2"),
            row(5, "sub", Some(60), "MX 10 mail.sub.example.org."),
            row(7, "c.deeper.sub", Some(60), "CNAME deeper.sub.example.org."),
            row(9, "d", Some(60), "CNAME b.sub.example.org."),
        ]
    );
}

#[test]
fn blank_owner_keeps_the_owner_across_origin_changes() {
    let file = read("www 60 A 192.0.2.1\n$ORIGIN sub.example.org.\n  A 192.0.2.2\n");
    assert_eq!(file.entries[1].name, "www");
}

#[test]
fn origin_can_come_from_the_file() {
    let file = parse("$ORIGIN Example.ORG.\nwww 60 A 192.0.2.1\n", "").unwrap();
    assert_eq!(file.origin, "example.org");
    assert_eq!(file.entries[0].name, "www");
    let err = parse("www 60 A 192.0.2.1\n", "").unwrap_err();
    assert!(err.message().starts_with("line 1: "), "{err}");
    assert!(err.message().contains("no origin"), "{err}");
    let err = parse("", "").unwrap_err();
    assert!(err.message().contains("origin is unknown"), "{err}");
    assert!(
        parse("", "a..b")
            .unwrap_err()
            .message()
            .starts_with("origin: ")
    );
    assert_eq!(parse("", "example.org.").unwrap().origin, "example.org");
}

#[test]
fn ttl_and_class_in_either_order_with_units() {
    let file = read(
        "a 1h30m IN A 192.0.2.1\n\
         b IN 1d A 192.0.2.1\n\
         c 1W A 192.0.2.1\n\
         d in 2h10s a 192.0.2.1\n\
         e CLASS1 30 A 192.0.2.1\n",
    );
    let ttls: Vec<Option<u32>> = file.entries.iter().map(|e| e.ttl).collect();
    assert_eq!(
        ttls,
        [
            Some(5400),
            Some(86_400),
            Some(604_800),
            Some(7210),
            Some(30)
        ]
    );
}

#[test]
fn other_classes_and_doubled_fields_are_refused() {
    assert_eq!(
        error("a 60 A 192.0.2.1\nb CH TXT x\n"),
        "line 2: class CH is not supported: only IN (Internet) records are"
    );
    assert!(error("b HS 60 A 192.0.2.1").starts_with("line 1: class HS"));
    assert!(error("b CLASS3 A 192.0.2.1").contains("class CLASS3"));
    assert!(error("b 60 IN 70 A 192.0.2.1").contains("a second TTL"));
    assert!(error("b IN IN A 192.0.2.1").contains("a second class"));
    assert!(error("b 60 IN").contains("has no type"));
    assert!(error("b 60 IN A").contains("the A record for b has no data"));
    assert!(error("b 1x A 192.0.2.1").contains("not a number of seconds"));
    assert!(error("b 99999999999 A 192.0.2.1").contains("over 2147483647"));
}

#[test]
fn ttl_rules_explicit_then_dollar_ttl_then_previous_then_soa_minimum() {
    // Before any TTL, records take the SOA minimum (even when the SOA comes later).
    let file = read(
        "a A 192.0.2.1\n\
         @ SOA ns1 hostmaster 1 7200 3600 1209600 900\n\
         b A 192.0.2.2\n\
         c 120 A 192.0.2.3\n\
         d A 192.0.2.4\n\
         $TTL 600\n\
         e A 192.0.2.5\n\
         f 30 A 192.0.2.6\n\
         g A 192.0.2.7\n\
         $TTL 1h\n\
         h A 192.0.2.8\n",
    );
    let ttls: Vec<(String, Option<u32>)> = file
        .entries
        .iter()
        .map(|e| (e.name.clone(), e.ttl))
        .collect();
    let expected = [
        ("a", 900),
        ("@", 900),
        ("b", 900),
        ("c", 120),
        ("d", 120),
        ("e", 600),
        ("f", 30),
        ("g", 600),
        ("h", 3600),
    ];
    assert_eq!(ttls, expected.map(|(n, t)| (n.to_string(), Some(t))));
    assert_eq!(file.default_ttl, Some(600), "the first $TTL");
}

#[test]
fn without_any_ttl_or_soa_records_have_none() {
    let file = read("a A 192.0.2.1\nb A 192.0.2.2\nc 60 A 192.0.2.3\nd A 192.0.2.4\n");
    let ttls: Vec<Option<u32>> = file.entries.iter().map(|e| e.ttl).collect();
    assert_eq!(ttls, [None, None, Some(60), Some(60)]);
    assert_eq!(file.default_ttl, None);
    assert_eq!(file.record_sets()[0].ttl, None);
}

#[test]
fn parentheses_span_lines_and_entries_keep_their_first_line() {
    let file = read(
        "; header\n\
         \n\
         @ 3600 IN SOA ns1.example.org. hostmaster.example.org. (\n\
         \t\t1 ; serial\n\
         \t\t7200 ; refresh\n\
         \t\t3600 ; retry\n\
         \t\t1209600 ; expire\n\
         \t\t300 ) ; minimum\n\
         txt 60 TXT ( \"one\"\n\
         \"two\" )\n\
         after 60 A 192.0.2.1\n",
    );
    assert_eq!(file.entries[0].line, 3);
    assert_eq!(file.entries[1].line, 9);
    assert_eq!(file.entries[1].data.presentation(), r#""one" "two""#);
    assert_eq!(file.entries[2].line, 11);
}

#[test]
fn comments_quotes_spaces_and_semicolons() {
    let file = read(
        "a 60 TXT \"v=DKIM1; k=rsa; p=MIGf\" ; the key\n\
         b 60 TXT \"with \\\"quotes\\\" and \\\\ backslash\" unquoted\n\
         c 60 TXT \"(parens) inside\"\n",
    );
    let texts: Vec<Vec<String>> = file
        .entries
        .iter()
        .map(|e| match &e.data {
            RecordData::Txt { strings } => strings.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        texts,
        [
            vec!["v=DKIM1; k=rsa; p=MIGf".to_string()],
            vec![
                "with \"quotes\" and \\ backslash".to_string(),
                "unquoted".to_string()
            ],
            vec!["(parens) inside".to_string()],
        ]
    );
}

#[test]
fn long_txt_and_decimal_escapes() {
    let long = "k".repeat(700);
    let file = read(&format!(
        "dkim 60 TXT \"{long}\"\nutf 60 TXT \"\\195\\169t\\195\\169\" caf\\195\\169\n"
    ));
    let RecordData::Txt { strings } = &file.entries[0].data else {
        panic!("not TXT")
    };
    assert_eq!(strings.len(), 3);
    assert_eq!(strings.concat(), long);
    let RecordData::Txt { strings } = &file.entries[1].data else {
        panic!("not TXT")
    };
    assert_eq!(strings, &["été", "café"]);
    let err = error("a 60 A 192.0.2.1\nbad 60 TXT \"\\255\\254\"\n");
    assert!(err.starts_with("line 2: "), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    let err = error("a 60 TXT \"x\" \"\\999\"");
    assert!(err.contains("not a byte"), "{err}");
}

#[test]
fn escapes_in_owner_names() {
    let file = read("a\\.b 60 TXT x\n\\065bc 60 TXT x\nsp\\032ace 60 TXT x\n");
    let names: Vec<&str> = file.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["a\\.b", "abc", "sp\\032ace"]);
    // The escaped dot is part of the label, not a separator: it reads back the same.
    let again = read(&format!("{} 60 TXT x\n", names[0]));
    assert_eq!(again.entries[0].name, "a\\.b");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let file = read("\u{feff}$TTL 60\nwww A 192.0.2.1\n");
    assert_eq!(file.default_ttl, Some(60));
    assert_eq!(file.entries[0].line, 2);
}

#[test]
fn crlf_line_ends() {
    let file = read("$TTL 60\r\nwww A 192.0.2.1\r\n  A 192.0.2.2\r\nt TXT \"a b\"\r\n");
    assert_eq!(file.entries.len(), 3);
    assert_eq!(file.entries[1].name, "www");
    assert_eq!(file.entries[2].data.presentation(), "\"a b\"");
    assert_eq!(file.entries[2].line, 4);
}

#[test]
fn data_errors_name_their_line() {
    let mut text = String::from("$TTL 60\n");
    for i in 2..12 {
        text.push_str(&format!("h{i} A 192.0.2.{i}\n"));
    }
    text.push_str("mail MX mail\n");
    assert_eq!(
        error(&text),
        r#"line 12: MX data needs a priority and a host: "mail""#
    );
    // A bad field inside parentheses is reported on its own line.
    let err = error("@ 60 SOA ns1 host (\n 1\n 2\n x\n 4 5 )\n");
    assert!(err.starts_with("line 4: SOA retry"), "{err}");
    assert!(error("a 60 A 192.0.2.300").starts_with("line 1: A data \"192.0.2.300\""));
}

#[test]
fn unbalanced_parentheses_and_quotes_name_the_opening_line() {
    let err = error("$TTL 60\na A 192.0.2.1\nb TXT ( \"x\"\n  \"y\"\nc A 192.0.2.2\n");
    assert!(err.starts_with("line 3: \"(\" is never closed"), "{err}");
    let err = error("$TTL 60\na TXT x )\n");
    assert!(err.starts_with("line 2: \")\" without"), "{err}");
    let err = error("$TTL 60\na TXT (\n \"x\"\n \"y )\n");
    assert!(
        err.starts_with("line 4: unterminated quoted string"),
        "{err}"
    );
}

#[test]
fn directives() {
    let err = error("$TTL 60\n$INCLUDE other.zone\n");
    assert!(
        err.starts_with("line 2: $INCLUDE is not supported"),
        "{err}"
    );
    assert!(err.contains("without file access"), "{err}");
    assert!(error("$GENERATE 1-10 h$ A 192.0.2.$").contains("$GENERATE"));
    assert!(error("$FOO bar").contains("unknown directive \"$FOO\""));
    assert!(error("$TTL").contains("$TTL takes one TTL"));
    assert!(error("$TTL 1 2").contains("$TTL takes one TTL"));
    assert!(error("$TTL x").contains("not a number of seconds"));
    assert!(error("$ORIGIN \"x\"").contains("$ORIGIN takes one domain name"));
    assert!(error("$ORIGIN a..b").contains("empty label"));
    // Directive names are not case-sensitive; a `$` word as a blank-owner field is not a
    // directive.
    assert_eq!(read("$ttl 42\nx A 192.0.2.1\n").entries[0].ttl, Some(42));
}

#[test]
fn owners_outside_the_zone_are_refused() {
    assert_eq!(
        error("$TTL 60\nwww.example.com. A 192.0.2.1\n"),
        "line 2: the owner www.example.com. is outside the zone example.org."
    );
    let err = error("$ORIGIN example.net.\nwww 60 A 192.0.2.1\n");
    assert!(err.contains("www.example.net. is outside"), "{err}");
    assert!(error("badexample.org. 60 A 192.0.2.1").contains("outside"));
    assert!(error(". 60 A 192.0.2.1").contains("outside"));
}

#[test]
fn soa_must_be_single_and_at_the_apex() {
    let soa = "SOA ns1 host 1 2 3 4 5";
    let err = error(&format!("@ 60 {soa}\n@ 60 {soa}\n"));
    assert_eq!(
        err,
        "line 2: a second SOA record; the zone's SOA is on line 1"
    );
    let err = error(&format!("www 60 {soa}\n"));
    assert!(err.contains("belongs at the zone apex"), "{err}");
}

#[test]
fn first_record_without_owner_and_quoted_owners_are_refused() {
    let err = error("  60 A 192.0.2.1\n");
    assert!(
        err.starts_with("line 1: the line starts with a space"),
        "{err}"
    );
    assert!(error("\"www\" 60 A 192.0.2.1").contains("must not be quoted"));
    assert!(error("www 60 \"A\" 192.0.2.1").contains("quoted string"));
}

#[test]
fn unknown_types_are_refused_and_known_ones_kept() {
    assert_eq!(
        error("www 60 AA 192.0.2.1"),
        "line 1: \"AA\" is not a known record type"
    );
    let file = read("www 60 SSHFP 1 1 ( 0123456789ABCDEF\n 0123 )\n");
    assert_eq!(
        file.entries[0].data,
        RecordData::Other {
            rtype: RecordType::Other("SSHFP".into()),
            data: "1 1 0123456789ABCDEF 0123".into()
        }
    );
}

#[test]
fn huge_tokens_are_refused_with_their_line() {
    let text = format!("$TTL 60\nbig TXT {}\n", "x".repeat(70_000));
    let err = error(&text);
    assert!(err.starts_with("line 2: a word longer than 65536"), "{err}");
}

#[test]
fn empty_and_comment_only_files_have_no_records() {
    assert!(read("").entries.is_empty());
    assert!(
        read("; nothing\n\n   \n\t; still nothing\r\n")
            .entries
            .is_empty()
    );
}

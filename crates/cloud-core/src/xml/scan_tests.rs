use super::*;
use crate::ErrorKind;
use crate::xml::trace::Trace;
use crate::xml::visit;

/// The tokens of `doc` as a compact trace, or the error's message.
fn trace(doc: &str) -> std::result::Result<String, String> {
    let mut scanner = Scanner::new(doc.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    loop {
        match scanner.next().map_err(|e| e.to_string())? {
            Token::Open(name) => out.push_str(&format!("<{name}")),
            Token::Close => out.push('>'),
            Token::Text(t) => out.push_str(&format!("t{t:?}")),
            Token::CData(t) => out.push_str(&format!("c{t:?}")),
            Token::Char(c) => out.push_str(&format!("r{c:?}")),
            Token::End => return Ok(out),
        }
    }
}

/// What `visit` (quick-xml) reports for `doc`, in the same trace format.
fn trace_by_visit(doc: &str) -> std::result::Result<String, String> {
    let mut t = Trace::default();
    visit(doc.as_bytes(), &mut t).map_err(|e| e.to_string())?;
    Ok(t.out)
}

/// Well-formed documents covering what answers hold.
const GOOD: &[&str] = &[
    "<a/>",
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>x</a>\n",
    "<p:a xmlns:p=\"urn:x\" x='1'><b>t&amp;<![CDATA[<c>]]></b><d/><s>no&lt;</s></p:a>",
    "<a>\n  <b>one &#65;&#x263A; two</b>\n  <c  k = \"v&quot;\" />\n</a>\n<!-- end --><?pi x?>\n",
    "<a><!-- inside --><?pi?><b>é ☺ ü</b>&gt;&apos;</a>",
    "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\
     <requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId>\
     <instancesSet><item><instanceId>i-1</instanceId><tagSet/></item></instancesSet>\
     </item></reservationSet></DescribeInstancesResponse>",
    "<a b=\"x > y\" c='\"'>]]&gt; ></a >",
    "\u{FEFF}<a>after a byte order mark</a>",
    "<averylongprefix12:item-1.x xmlns:averylongprefix12=\"u\">\n                \
     <averylongprefix12:b2:c>t&lt;</averylongprefix12:b2:c><d:e/>\t\r\n</averylongprefix12:item-1.x>",
    "<instanceStateReasonMessage>x</instanceStateReasonMessage >",
];

#[test]
fn well_formed_documents_read_as_quick_xml_reads_them() {
    for doc in GOOD {
        assert_eq!(trace(doc), trace_by_visit(doc), "{doc}");
        assert!(trace(doc).is_ok(), "{doc}");
    }
    assert_eq!(
        trace("<p:a><b>t&amp;u</b><d/></p:a>").unwrap(),
        "<a<bt\"t\"r'&'t\"u\"><d>>"
    );
}

#[test]
fn malformed_documents_are_refused() {
    for bad in [
        "",
        "  ",
        "x<a/>",
        "<a>",
        "<a></b>",
        "</a>",
        "<a/><b/>",
        "<a></a>x",
        "<a></a><!-- x",
        "<a>&bogus;</a>",
        "<a>&amp</a>",
        "<a>&#0;</a>",
        "<a>&#xD800;</a>",
        "<a>&#x;</a>",
        "<a>&#12a;</a>",
        "<a b=></a>",
        "<a b></a>",
        "<a b=1></a>",
        "<a b=\"1\"c=\"2\"></a>",
        "<a b=\"1\" b=\"2\"></a>",
        "<a b=\"&bogus;\"></a>",
        "<a b=\"<\"></a>",
        "<a b=\"1></a>",
        "<a =\"1\"></a>",
        "<>",
        "< a/>",
        "<a",
        "<a/",
        "<a></a",
        "<a><![CDATA[x</a>",
        "<a><!-- x </a>",
        "<a><? x </a>",
        "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
        "<a><!ELEMENT x></a>",
        "<![CDATA[x]]><a/>",
        "&amp;<a/>",
        "<a&b/>",
        "<a/><?xml version=\"1.0\"?>",
        "<?><a/>",
        "<a/>\x0c",
    ] {
        let err = Scanner::new(bad.as_bytes())
            .and_then(|mut s| {
                loop {
                    if s.next()? == Token::End {
                        return Ok(());
                    }
                }
            })
            .expect_err(bad);
        assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{bad}");
    }
    let err = Scanner::new(b"\xff<a/>").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedResponse);
}

#[test]
fn long_documents_are_checked_as_utf8_wherever_a_character_falls() {
    for at in [0, 31, 32, 63, 64, 65, 127, 200, 255] {
        let mut doc = format!("<a>{}</a>", "x".repeat(300)).into_bytes();
        // A character of two, three and four bytes starting at `at` in the text.
        for c in ["é", "☺", "😀"] {
            let mut good = doc.clone();
            let start = 3 + at;
            good.splice(start..start + c.len(), c.bytes());
            assert!(Scanner::new(&good).is_ok(), "{c} at {at}");
            // The same character cut short is refused, and the error says where.
            let mut cut = doc.clone();
            cut.splice(
                start..start + c.len(),
                c.bytes().take(c.len() - 1).chain([b'x']),
            );
            let err = Scanner::new(&cut).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse);
            assert!(
                err.message().contains(&format!("from index {start}")),
                "{c} at {at}: {err}"
            );
        }
        doc[3 + at] = 0xff;
        assert!(Scanner::new(&doc).is_err(), "0xff at {at}");
    }
}

#[test]
fn errors_say_where_and_what() {
    assert!(trace("<a><b></a>").unwrap_err().contains("</a> closes <b>"));
    assert!(trace("<a><b>").unwrap_err().contains("ends inside <b>"));
    assert!(trace("<a>&nope;</a>").unwrap_err().contains("&nope;"));
    assert!(
        trace("<!DOCTYPE a><a/>")
            .unwrap_err()
            .contains("not accepted")
    );
}

/// A document cut anywhere before its root closes is refused; cut after, in what
/// follows the root, it is read exactly when quick-xml reads it.
#[test]
fn every_cut_of_a_document_is_refused_until_the_root_closes() {
    for doc in GOOD {
        let root_end = doc.trim_end().len();
        let trailing = doc[..root_end]
            .rfind("-->")
            .max(doc[..root_end].rfind("?>"));
        for cut in 0..root_end {
            if !doc.is_char_boundary(cut) {
                continue;
            }
            let prefix = &doc[..cut];
            match trailing {
                Some(t) if cut > doc[..t].rfind("</").unwrap_or(0) => assert_eq!(
                    trace(prefix).is_ok(),
                    trace_by_visit(prefix).is_ok(),
                    "{prefix:?}"
                ),
                _ => assert!(trace(prefix).is_err(), "{prefix:?} of {doc:?}"),
            }
        }
    }
}

#[test]
fn depth_and_size_are_bounded() {
    let deep = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    assert!(trace(&deep).is_ok());
    let n = MAX_DEPTH + 1;
    let deeper = format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
    assert!(trace(&deeper).unwrap_err().contains("too deep"));
}

#[test]
fn the_end_is_reported_again_and_depth_follows_the_tags() {
    let mut s = Scanner::new(b"<a><b/></a>").unwrap();
    assert_eq!(s.next().unwrap(), Token::Open("a"));
    assert_eq!(s.depth(), 1);
    assert_eq!(s.next().unwrap(), Token::Open("b"));
    assert_eq!(s.depth(), 2);
    assert_eq!(s.next().unwrap(), Token::Close);
    assert_eq!(s.depth(), 1);
    assert_eq!(s.next().unwrap(), Token::Close);
    assert_eq!(s.depth(), 0);
    assert_eq!(s.next().unwrap(), Token::End);
    assert_eq!(s.next().unwrap(), Token::End);
}

/// Flips and drops bytes of the documents: the scanner ends every time (no panic, no
/// endless loop), and whenever quick-xml reads the result the scanner reads it alike or
/// refuses it (it refuses a little more: DTDs, `<` in attribute values).
#[test]
fn mangled_documents_end_and_agree_with_quick_xml_where_both_read_them() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let alphabet = b"<>/&;!?[]-=\"' abx:#\n";
    for doc in GOOD {
        for _ in 0..400 {
            let mut bytes = doc.as_bytes().to_vec();
            for _ in 0..1 + next() % 3 {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() % bytes.len() as u64) as usize;
                if next() % 2 == 0 {
                    bytes[at] = alphabet[(next() % alphabet.len() as u64) as usize];
                } else {
                    bytes.remove(at);
                }
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                continue;
            };
            let ours = trace(text);
            if let Ok(ours) = &ours {
                assert_eq!(Ok(ours.clone()), trace_by_visit(text), "{text:?}");
            }
        }
    }
}

#[test]
fn every_byte_that_ends_a_name_is_below_0x40() {
    // The start-tag path looks only at bytes below 0x40 for the end of a name.
    for b in 0..=255u8 {
        if NAME_BYTES[usize::from(b)] != IN_NAME {
            assert!(b < 0x40, "{b:#x}");
        }
    }
}

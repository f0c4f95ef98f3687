//! `docs/abi.md` is the prose of the contract and `src/abi/` its code: this test reads the
//! document's tables and holds every number in them to the `abi::` item it names, so neither
//! can change without the other.

use beamwasm::abi::{self, cp, ctx, jit_state, term, DataLayout, Primitive};

fn document() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/abi.md"))
        .expect("docs/abi.md")
}

/// The lines of section `heading` (up to the next heading of any level).
fn section(doc: &str, heading: &str) -> Vec<String> {
    let mut lines = doc.lines().skip_while(|l| !l.starts_with(heading));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no section {heading:?}"));
    assert!(first.starts_with('#'));
    lines
        .take_while(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The cells of the table rows in `lines` (header and separator rows left out).
fn table_rows(lines: &[String]) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = lines
        .iter()
        .filter(|l| l.starts_with('|'))
        .map(|l| {
            // `\|` inside a cell is a literal bar.
            let l = l.replace("\\|", "\u{1}");
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().replace('\u{1}', "|"))
                .collect()
        })
        .collect();
    rows.into_iter()
        .skip(1)
        .filter(|r| !r.iter().all(|c| c.chars().all(|ch| ch == '-')))
        .collect()
}

fn hex_in(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|w| w.strip_prefix("0x"))
        .map(|h| u64::from_str_radix(h, 16).unwrap_or_else(|_| panic!("bad hex {h}")))
        .collect()
}

#[test]
fn context_offsets_are_the_code_s() {
    let doc = document();
    let rows = table_rows(&section(&doc, "## 4. The process context"));
    let expected: &[(&str, u32)] = &[
        ("heap_start", ctx::HEAP_START),
        ("heap_top", ctx::HEAP_TOP),
        ("heap_end", ctx::HEAP_END),
        ("stack_watermark", ctx::STACK_WATERMARK),
        ("e", ctx::E),
        ("x[0..1024]", ctx::X),
        ("cp", ctx::CP),
        ("fr[0..16]", ctx::FR),
        ("runtime-private fields", ctx::HOST_PRIVATE),
    ];
    for (field, offset) in expected {
        let row = rows
            .iter()
            .find(|r| r[1].trim_matches('`') == *field)
            .unwrap_or_else(|| panic!("§4 has no row for {field}"));
        assert_eq!(
            hex_in(&row[0]),
            vec![*offset as u64],
            "§4 offset of {field}"
        );
    }
    assert_eq!(ctx::X_REGISTERS, 1024);
    assert_eq!(ctx::FLOAT_REGISTERS, 16);
}

#[test]
fn jit_state_offsets_are_the_code_s() {
    let doc = document();
    let text = section(&doc, "## 6. The JIT state and primitives").join("\n");
    let line = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| p.starts_with("`jit_state`"))
        .expect("§6 describes jit_state");
    assert!(line.contains(&format!("{} bytes", jit_state::SIZE)));
    assert_eq!(
        hex_in(line),
        vec![
            jit_state::MODULE as u64,
            jit_state::CONTINUATION as u64,
            jit_state::REMAINING_REDUCTIONS as u64
        ]
    );
}

#[test]
fn primitive_table_is_foreach_primitive() {
    let doc = document();
    let rows = table_rows(&section(&doc, "## 6. The JIT state and primitives"));
    assert_eq!(
        rows.len(),
        Primitive::ALL.len(),
        "§6 lists every primitive once"
    );
    for (row, &primitive) in rows.iter().zip(Primitive::ALL) {
        let number: u32 = row[0].parse().expect("primitive number");
        assert_eq!(number, primitive as u32, "§6 row {row:?}");
        let signature = row[1].trim_matches('`');
        let (name, rest) = signature.split_once('(').expect("name(params) -> type");
        let (params, result) = rest.split_once(") -> ").expect("name(params) -> type");
        assert_eq!(name, primitive.name(), "§6 row {number}");
        let types: Vec<&str> = params
            .split(',')
            .map(|p| p.split_once(':').expect("param: type").1.trim())
            .collect();
        let expected: Vec<String> = primitive
            .param_types()
            .iter()
            .map(|t| format!("{t:?}").to_lowercase())
            .collect();
        assert_eq!(types, expected, "§6 parameter types of {name}");
        assert_eq!(
            result,
            format!("{:?}", primitive.result_type()).to_lowercase(),
            "§6 result type of {name}"
        );
    }
}

#[test]
fn term_encoding_table_is_abi_term() {
    let doc = document();
    let rows = table_rows(&section(&doc, "## 3. Terms"));
    let cell = |name: &str| -> String {
        rows.iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("§3 has no row {name}"))[1]
            .clone()
    };
    assert!(cell("small integer").contains(&format!(
        "v << {} | {:#X}",
        term::IMMEDIATE_SHIFT,
        term::TAG_SMALL
    )));
    assert_eq!(
        term::small(5),
        (5 << term::IMMEDIATE_SHIFT) | term::TAG_SMALL
    );
    let small = cell("small integer");
    assert!(small.contains("-2^59 <= v < 2^59") && term::SMALL_MAX == (1 << 59) - 1);
    assert!(cell("atom").contains(&format!(
        "<< {} | {:#04X}",
        term::IMMEDIATE2_SHIFT,
        term::TAG_ATOM
    )));
    assert_eq!(hex_in(&cell("nil `[]`")), vec![term::NIL]);
    assert_eq!(
        hex_in(&cell("local pid")),
        vec![term::TAG_PID, term::TAG_PORT]
    );
    let catch = cell("catch marker");
    assert!(catch.contains(&format!("module_index << {}", term::CATCH_MODULE_SHIFT)));
    assert_eq!(hex_in(&catch), vec![term::TAG_CATCH]);
    assert_eq!(term::CATCH_LABEL_MASK + 1, 67_108_864);
    assert!(catch.contains("< 67,108,864"));
    assert_eq!(hex_in(&cell("cons")), vec![term::PRIMARY_LIST]);
    assert_eq!(hex_in(&cell("boxed")), vec![term::PRIMARY_BOXED]);
    assert!(cell("boxed").contains(&format!("<< {}", term::HEADER_SIZE_SHIFT)));
}

#[test]
fn boxed_tags_are_abi_term_boxed() {
    let doc = document();
    let text = section(&doc, "## 3. Terms").join(" ");
    let tags = text
        .split("Boxed tags:")
        .nth(1)
        .expect("§3 lists the boxed tags");
    let tags = &tags[..tags.find("Bignum digits").expect("end of the tag list")];
    let expected: &[(&str, u64)] = &[
        ("tuple", term::boxed::TUPLE),
        ("match state", term::boxed::MATCH_STATE),
        ("positive bignum", term::boxed::POS_BIGNUM),
        ("negative bignum", term::boxed::NEG_BIGNUM),
        ("reference", term::boxed::REFERENCE),
        ("fun", term::boxed::FUN),
        ("float", term::boxed::FLOAT),
        ("refc binary", term::boxed::REFC_BINARY),
        ("heap binary", term::boxed::HEAP_BINARY),
        ("sub binary", term::boxed::SUB_BINARY),
        ("map", term::boxed::MAP),
    ];
    for (name, tag) in expected {
        let at = tags
            .find(&format!("{name} `"))
            .unwrap_or_else(|| panic!("§3 names no tag for {name}"));
        assert_eq!(hex_in(&tags[at..]).first(), Some(tag), "§3 tag of {name}");
    }
}

#[test]
fn module_data_and_continuations_are_the_code_s() {
    let doc = document();
    let rows = table_rows(&section(&doc, "## 5. Module data"));
    assert_eq!(rows[0][0], "`0`");
    assert!(rows[0][1].contains(&format!("module_index << {}", cp::MODULE_SHIFT)));
    assert!(rows[0][1].contains(&format!("L << {}", cp::LABEL_SHIFT)));
    let layout = DataLayout::new(3, 2, 1);
    let word = term::WORD_BYTES;
    assert_eq!(rows[1][0], format!("`{} + {word}i`", layout.atoms));
    assert_eq!(layout.literals, layout.atoms + word * (3 + 1));
    assert_eq!(layout.imports, layout.literals + word * 2);
    let fixed = section(&doc, "## 5. Module data").join(" ");
    for atom in &term::FIXED_ATOMS[..5] {
        assert!(
            fixed.contains(&format!("`{atom}`")),
            "§5 names fixed atom {atom}"
        );
    }
    assert_eq!(abi::CONTINUATION_EXIT & 3, 1, "never a continuation word");
}

#[test]
fn fun_layout_is_abi_term_fun() {
    let doc = document();
    let rows = table_rows(&section(&doc, "### 3.2 Funs"));
    assert_eq!(
        rows.len() as u32,
        term::fun::LOCAL_WORDS + 1,
        "the fixed words and the free ones"
    );
    assert!(rows[0][1].contains(&format!(
        "({} + num_free) << {} | {:#04X}",
        term::fun::LOCAL_WORDS - 1,
        term::HEADER_SIZE_SHIFT,
        term::boxed::FUN
    )));
    assert!(rows[2][1].contains(&format!("≤ {}", term::fun::MAX_ARITY)));
    assert_eq!(term::fun::CREATOR, term::word(5));
    assert!(rows[5][1].contains("creator"));
    let prose = section(&doc, "### 3.2 Funs").join(" ");
    assert!(prose.contains(&format!("`LOCAL_WORDS` ({})", term::fun::LOCAL_WORDS)));
}

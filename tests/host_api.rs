//! The host API (`Vm::apply`): Rust values converted to terms, through Erlang, and back,
//! equal what went in; exceptions come back as `Err` with class, reason and stack.

use std::path::PathBuf;
use std::process::Command;

use beamwasm::runtime::{CallError, ErlValue, Vm, VmOptions};
use num_bigint::BigInt;
use proptest::prelude::*;

/// `host_echo.beam`, compiled once per test process (tests run in parallel threads).
fn echo_beam() -> &'static PathBuf {
    static BEAM: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BEAM.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("host-api-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let source = dir.join("host_echo.erl");
        std::fs::write(
            &source,
            "-module(host_echo).\n-export([id/1, pair/2, fail/1, killed_waiting/0]).\n\
             id(X) -> X.\npair(A, B) -> {A, B}.\nfail(R) -> error({failed, R}).\n\
             killed_waiting() ->\n\
                 spawn_link(fun() -> receive after 20 -> exit(crashed) end end),\n\
                 receive never -> ok after 5000 -> timeout end.\n",
        )
        .expect("write");
        let status = Command::new("erlc")
            .current_dir(&dir)
            .arg("-o")
            .arg(".")
            .arg("host_echo.erl")
            .status()
            .expect("erlc (run scripts/test, which installs Erlang)");
        assert!(status.success(), "erlc failed");
        dir.join("host_echo.beam")
    })
}

fn echo_vm() -> Vm {
    let mut vm = Vm::new(VmOptions::default()).expect("vm");
    vm.load_beam_file(echo_beam()).expect("load");
    vm.link().expect("link");
    vm
}

/// Maps compare as sets of pairs: sort both sides' pairs by their debug text.
fn normalized(v: &ErlValue) -> ErlValue {
    match v {
        ErlValue::List(items) => ErlValue::List(items.iter().map(normalized).collect()),
        ErlValue::Tuple(items) => ErlValue::Tuple(items.iter().map(normalized).collect()),
        ErlValue::Map(pairs) => {
            let mut pairs: Vec<(ErlValue, ErlValue)> = pairs
                .iter()
                .map(|(k, v)| (normalized(k), normalized(v)))
                .collect();
            pairs.sort_by_key(|p| format!("{:?}", p.0));
            pairs.dedup_by(|a, b| format!("{:?}", a.0) == format!("{:?}", b.0));
            ErlValue::Map(pairs)
        }
        other => other.clone(),
    }
}

fn value() -> impl Strategy<Value = ErlValue> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(ErlValue::from),
        (any::<i64>(), any::<u64>())
            .prop_map(|(a, b)| ErlValue::from(BigInt::from(a) * BigInt::from(b) * 7919)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(ErlValue::from),
        "[a-z][a-zA-Z0-9_]{0,8}".prop_map(|s| ErlValue::atom(&s)),
        prop::collection::vec(any::<u8>(), 0..80).prop_map(ErlValue::Binary),
        "\\PC{0,12}".prop_map(|s| ErlValue::string(&s)),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(ErlValue::List),
            prop::collection::vec(inner.clone(), 0..6).prop_map(ErlValue::Tuple),
            prop::collection::vec((inner.clone(), inner), 0..40).prop_map(|pairs| {
                // Distinct keys: the last of equal keys wins, as in maps:from_list.
                let mut seen = std::collections::HashSet::new();
                let mut out: Vec<(ErlValue, ErlValue)> = pairs
                    .into_iter()
                    .rev()
                    // -0.0 and 0.0 are one key (OTP 25's `=:=`).
                    .filter(|(k, _)| seen.insert(format!("{k:?}").replace("-0.0", "0.0")))
                    .collect();
                out.reverse();
                ErlValue::Map(out)
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn values_round_trip_through_erlang(v in value()) {
        let mut vm = echo_vm();
        let back = vm.apply("host_echo", "id", std::slice::from_ref(&v)).expect("id/1");
        prop_assert_eq!(normalized(&back), normalized(&v));
    }
}

#[test]
fn calls_take_several_arguments_and_exceptions_come_back() {
    let mut vm = echo_vm();
    let pair = vm
        .apply(
            "host_echo",
            "pair",
            &[ErlValue::from(1), ErlValue::atom("two")],
        )
        .expect("pair/2");
    assert_eq!(
        pair,
        ErlValue::Tuple(vec![ErlValue::from(1), ErlValue::atom("two")])
    );
    match vm.apply("host_echo", "fail", &[ErlValue::from(7)]) {
        Err(CallError::Exception(e)) => {
            assert_eq!(e.class, "error");
            assert_eq!(
                e.reason,
                ErlValue::Tuple(vec![ErlValue::atom("failed"), ErlValue::from(7)])
            );
            let ErlValue::List(frames) = e.stacktrace else {
                panic!("a list of frames")
            };
            assert!(matches!(&frames[0], ErlValue::Tuple(f) if f[1] == ErlValue::atom("fail")));
        }
        other => panic!("expected an exception, got {other:?}"),
    }
    assert!(vm.apply("host_echo", "nonesuch", &[]).is_err());
    // An exit signal that ends the calling process while it waits (with a timer pending) ends
    // the call with that exit, not with a deadlock or the timeout.
    match vm.apply("host_echo", "killed_waiting", &[]) {
        Err(CallError::Exception(e)) => {
            assert_eq!(
                (e.class.as_str(), e.reason),
                ("exit", ErlValue::atom("crashed"))
            );
        }
        other => panic!("expected the exit of the linked process, got {other:?}"),
    }
    assert_eq!(
        vm.exports("host_echo").map(|mut e| {
            e.sort();
            e
        }),
        Some(vec![
            ("fail".to_string(), 1),
            ("id".to_string(), 1),
            ("killed_waiting".to_string(), 0),
            ("module_info".to_string(), 0),
            ("module_info".to_string(), 1),
            ("pair".to_string(), 2),
        ])
    );
}

//! Differential fuzzing of BIF calls: random calls of every BIF in the catalog
//! (`abi::Bif::ALL`) with random terms, run on real Erlang and on beamwasm; each call
//! must return the same value, or raise the same class and reason, and beamwasm must not crash.
//!
//! # Flow
//!
//! 1. For each seed, a seeded generator makes `CASES` calls `M:F(A1, ..., An)` (arguments biased
//!    toward interesting values and toward the type the BIF wants, so success paths run too).
//! 2. They are written, at most [`CASES_PER_MODULE`] to a module, as Erlang modules
//!    `bif_fuzz_<seed>_<k>.erl` whose `main/0` returns one result per case: each case is
//!    `try M:F(id(A1), ..., id(An)) of V -> {ok, V} catch C:R -> {C, R} end`, where the exported
//!    `id/1` keeps `erlc` from folding or type-optimizing the call away.
//! 3. One `erlc` compiles every module; one `escript tests/tools/run_on_erl.escript` runs them
//!    all on `erl`; `beamwasm run` runs each module. The `~w` texts must be identical; on a
//!    mismatch the lists are split into per-case elements and every differing case is reported
//!    as `M:F(args)` with both answers. A beamwasm crash (no result, no `beamwasm: exception`
//!    line) re-runs the module's cases one module each to name the case that crashes.
//!
//! Large maps (more than 32 keys) iterate in OTP's HAMT order on both VMs, but a key holding an
//! atom hashes by the atom's index in each VM's own atom table (`docs/abi.md` §3.3, a documented
//! deviation), so the generated large maps have integer and tuple keys, and results are also
//! normalized inside the Erlang module on both sides (a large map becomes its sorted pairs, and
//! the list result of `maps:keys/values/to_list` on a large map is sorted) for maps a BIF builds
//! with other keys.
//!
//! # Knobs (environment variables)
//!
//! * `BEAMWASM_BIF_FUZZ_SEED`: a seed `S` or a range `S..E` (end exclusive) for long runs; the
//!   default is a few fixed seeds.
//! * `BEAMWASM_BIF_FUZZ_CASES`: cases per seed (default [`DEFAULT_CASES`]).
//! * `BEAMWASM_BIF_FUZZ_KEEP`: keep the generated modules (the directory is printed).
//!
//! Without `erlc`/`escript` the test fails; it never passes vacuously.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use beamwasm::abi::bifs::Bif;
use num_bigint::BigInt;
use num_traits::{One, ToPrimitive, Zero};

mod common;
use common::{erl_outcomes, erlc, run_all_on_beamwasm, run_beamwasm, truncate, Outcome};

const DEFAULT_SEEDS: &[u64] = &[1, 2, 3];
const DEFAULT_CASES: usize = 300;
const CASES_PER_MODULE: usize = 300;
/// The most divergences printed in one run.
const REPORT_LIMIT: usize = 40;

const ZLIB_NIF: &str = "a NIF of zlib.erl, not exported: erl answers undef to an outside call (zlib.erl calls it locally; tests/erl/zlib_*.erl cover it through zlib's API)";

/// BIFs never called, each with its reason. Everything else in `Bif::ALL` is fuzzed.
/// Why the code server's BIFs are not fuzzed.
const CODE_SERVER: &str = "changes or reads the VM's loaded code";

const EXCLUDED: &[((&str, &str, u32), &str)] = &[
    (("crypto", "hash_nif", 2), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "hash_init_nif", 1), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "hash_update_nif", 2), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "hash_final_nif", 1), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "hash_info_nif", 1), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "mac_nif", 4), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "strong_rand_bytes_nif", 1), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("crypto", "do_exor", 2), "a NIF of crypto.erl, not exported: erl answers undef to an outside call (crypto.erl calls it locally; tests/erl/crypto_hashes.erl covers it through crypto's API)"),
    (("zlib", "open_nif", 0), ZLIB_NIF),
    (("zlib", "close_nif", 1), ZLIB_NIF),
    (("zlib", "set_controller_nif", 2), ZLIB_NIF),
    (("zlib", "deflateInit_nif", 6), ZLIB_NIF),
    (("zlib", "deflateSetDictionary_nif", 2), ZLIB_NIF),
    (("zlib", "deflateReset_nif", 1), ZLIB_NIF),
    (("zlib", "deflateEnd_nif", 1), ZLIB_NIF),
    (("zlib", "deflateParams_nif", 3), ZLIB_NIF),
    (("zlib", "deflate_nif", 4), ZLIB_NIF),
    (("zlib", "inflateInit_nif", 3), ZLIB_NIF),
    (("zlib", "inflateSetDictionary_nif", 2), ZLIB_NIF),
    (("zlib", "inflateGetDictionary_nif", 1), ZLIB_NIF),
    (("zlib", "inflateReset_nif", 1), ZLIB_NIF),
    (("zlib", "inflateEnd_nif", 1), ZLIB_NIF),
    (("zlib", "inflate_nif", 4), ZLIB_NIF),
    (("zlib", "crc32_nif", 1), ZLIB_NIF),
    (("zlib", "getStash_nif", 1), ZLIB_NIF),
    (("zlib", "clearStash_nif", 1), ZLIB_NIF),
    (("zlib", "setStash_nif", 2), ZLIB_NIF),
    (("zlib", "getBufSize_nif", 1), ZLIB_NIF),
    (("zlib", "setBufSize_nif", 2), ZLIB_NIF),
    (("zlib", "enqueue_nif", 2), ZLIB_NIF),
    // Their results name this VM's processes, references, clocks or boot-time state, which
    // no two VMs share: `tests/erl/proc_*.erl` test them by their effects instead.
    (("erlang", "self", 0), "a pid"),
    (("erlang", "make_ref", 0), "a fresh reference"),
    (("erlang", "processes", 0), "the VM's processes"),
    (("erlang", "registered", 0), "the VM's registered names"),
    (("erlang", "monotonic_time", 0), "a clock"),
    (("erlang", "monotonic_time", 1), "a clock"),
    (("erlang", "system_time", 0), "a clock"),
    (("erlang", "system_time", 1), "a clock"),
    (("erlang", "spawn", 1), "a fresh pid"),
    (("erlang", "spawn", 3), "a fresh pid"),
    (
        ("erlang", "spawn_link", 1),
        "a fresh pid (and a linked crash)",
    ),
    (
        ("erlang", "spawn_link", 3),
        "a fresh pid (and a linked crash)",
    ),
    (("erlang", "spawn_monitor", 1), "a fresh pid and reference"),
    (("erlang", "spawn_monitor", 3), "a fresh pid and reference"),
    (("erlang", "spawn_opt", 2), "a fresh pid"),
    (("erlang", "spawn_opt", 4), "a fresh pid"),
    (("erlang", "monitor", 2), "a fresh reference"),
    (("erlang", "send_after", 3), "a fresh reference"),
    (("erlang", "start_timer", 3), "a fresh reference"),
    (("erlang", "start_timer", 4), "a fresh reference"),
    (("erlang", "send_after", 4), "a fresh reference"),
    (
        ("erlang", "process_flag", 2),
        "changes the fuzzing process itself",
    ),
    (("erlang", "exit", 2), "could end the fuzzing process"),
    (("erlang", "send", 2), "messages to the fuzzing process"),
    (("erlang", "!", 2), "messages to the fuzzing process"),
    (("erlang", "send_nosuspend", 2), "messages to the fuzzing process"),
    (("erlang", "send_nosuspend", 3), "messages to the fuzzing process"),
    (("erlang", "link", 1), "links the fuzzing process"),
    // The code server changes or reads the VM's own loaded code, which no two VMs share:
    // `tests/erl/code_hot_load.erl` and `code_server_calls.erl` test them by their effects.
    (("code", "load_binary", 3), CODE_SERVER),
    (("code", "load_file", 1), CODE_SERVER),
    (("code", "load_abs", 1), CODE_SERVER),
    (("code", "load_abs", 2), CODE_SERVER),
    (("code", "delete", 1), CODE_SERVER),
    (("code", "purge", 1), CODE_SERVER),
    (("code", "soft_purge", 1), CODE_SERVER),
    (("code", "all_loaded", 0), CODE_SERVER),
    (("code", "is_sticky", 1), CODE_SERVER),
    (("code", "get_object_code", 1), CODE_SERVER),
    (("erlang", "load_module", 2), CODE_SERVER),
    (("erlang", "delete_module", 1), CODE_SERVER),
    (("erlang", "purge_module", 1), CODE_SERVER),
    (("erlang", "check_old_code", 1), CODE_SERVER),
    (("erlang", "check_process_code", 2), CODE_SERVER),
    (("erlang", "check_process_code", 3), CODE_SERVER),
    (("erlang", "loaded", 0), CODE_SERVER),
    (("erlang", "pre_loaded", 0), CODE_SERVER),
    (("erts_code_purger", "purge", 1), CODE_SERVER),
    (("erts_code_purger", "soft_purge", 1), CODE_SERVER),
    (("erl_prim_loader", "list_dir", 1), "the listing order of a directory"),
    // A fresh array's reference (`tests/erl/atomics_counters.erl` tests them by their effects).
    (("erts_internal", "atomics_new", 2), "a fresh reference"),
    (("erts_internal", "counters_new", 1), "a fresh reference"),
    (("erlang", "register", 2), "names the fuzzing process"),
    // The process dictionary's listing order is OTP's hash-table order, undefined in Erlang:
    // tests/erl/proc_dictionary.erl sorts before it compares.
    (("erlang", "get", 0), "listing order"),
    (("erlang", "get_keys", 0), "listing order"),
    (("erlang", "get_keys", 1), "listing order"),
    (("erlang", "erase", 0), "listing order"),
    // Which modules are loaded differs between two VMs (OTP preloads and boots many).
    (("erlang", "module_loaded", 1), "VM-specific loaded modules"),
    (
        ("erlang", "function_exported", 3),
        "VM-specific loaded modules",
    ),
    (("code", "ensure_loaded", 1), "VM-specific code path"),
    (
        ("code", "ensure_modules_loaded", 1),
        "VM-specific code path",
    ),
    (("code", "is_loaded", 1), "VM-specific loaded modules"),
    // The code path is each VM's own (erl's starts with "."), and changing it with random
    // arguments would change where the fuzzing VMs load code from (an improper list even
    // ends OTP's code server): tests/erl/code_*.erl test them.
    (("code", "add_path", 1), "changes the VM's code path"),
    (("code", "add_patha", 1), "changes the VM's code path"),
    (("code", "add_pathz", 1), "changes the VM's code path"),
    (("code", "add_paths", 1), "changes the VM's code path"),
    (("code", "add_pathsa", 1), "changes the VM's code path"),
    (("code", "add_pathsz", 1), "changes the VM's code path"),
    (("code", "del_path", 1), "changes the VM's code path"),
    (("code", "set_path", 1), "changes the VM's code path"),
    (("code", "get_path", 0), "VM-specific code path"),
    (("code", "which", 1), "VM-specific code path"),
    (("code", "where_is_file", 1), "VM-specific code path"),
    (("code", "root_dir", 0), "VM-specific code path"),
    (("code", "lib_dir", 0), "VM-specific code path"),
    (("code", "lib_dir", 1), "VM-specific code path"),
    (("code", "lib_dir", 2), "VM-specific code path"),
    (("code", "priv_dir", 1), "VM-specific code path"),
    (
        ("application", "get_application", 1),
        "VM-specific loaded applications",
    ),
    (
        ("application", "get_key", 2),
        "VM-specific loaded applications",
    ),
    (
        ("erlang", "get_module_info", 1),
        "VM-specific module metadata",
    ),
    (
        ("erlang", "get_module_info", 2),
        "VM-specific module metadata",
    ),
    // Files and commands (runtime::files): the NIFs are not exported (erl answers undef to an
    // outside call) and act on the machine's files, buffers made by prim_buffer:new/0, or
    // commands: tests/erl/file_*, filelib_* and os_cmd_* cover them through file, filelib and os.
    (("prim_file", "open_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "close_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "read_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "write_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "pread_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "pwrite_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "seek_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "sync_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "truncate_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "allocate_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "advise_nif", 4), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "read_handle_info_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "make_hard_link_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "make_soft_link_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "rename_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "read_info_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "set_permissions_nif", 2), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "set_owner_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "set_time_nif", 4), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "read_link_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "list_dir_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "make_dir_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "del_file_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "del_dir_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "set_cwd_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "get_cwd_nif", 0), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "ipread_s32bu_p32bu_nif", 3), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "read_file_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "get_handle_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "delayed_close_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "altname_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_file", "get_device_cwd_nif", 1), "a NIF of prim_file.erl, not exported: erl answers undef to an outside call"),
    (("prim_buffer", "new", 0), "a fresh reference"),
    (("prim_buffer", "size", 1), "takes a buffer only prim_buffer:new/0 makes"),
    (("prim_buffer", "peek_head", 1), "a NIF of prim_buffer.erl, not exported: erl answers undef to an outside call"),
    (("prim_buffer", "copying_read", 2), "a NIF of prim_buffer.erl, not exported: erl answers undef to an outside call"),
    (("prim_buffer", "write", 2), "takes a buffer only prim_buffer:new/0 makes"),
    (("prim_buffer", "skip", 2), "takes a buffer only prim_buffer:new/0 makes"),
    (("prim_buffer", "find_byte_index", 2), "takes a buffer only prim_buffer:new/0 makes"),
    (("prim_buffer", "try_lock", 1), "takes a buffer only prim_buffer:new/0 makes"),
    (("prim_buffer", "unlock", 1), "takes a buffer only prim_buffer:new/0 makes"),
    (("os", "do_cmd", 2), "runs commands (not exported: erl answers undef to an outside call)"),
    // VM-wide state and identity.
    (("persistent_term", "get", 1), "VM-wide state"),
    (("persistent_term", "get", 2), "VM-wide state"),
    (("persistent_term", "put", 2), "VM-wide state"),
    (("persistent_term", "erase", 1), "VM-wide state"),
    (("erlang", "unique_integer", 0), "a fresh integer"),
    // The regex engine is PCRE2, OTP 25's is PCRE 8.44: the version, a compiled pattern's
    // binary and compile errors' texts are the engine's own (tests/erl/re_*.erl compare the rest).
    (("re", "version", 0), "the engine's version"),
    (("re", "compile", 1), "engine-specific pattern binary"),
    (("re", "compile", 2), "engine-specific pattern binary"),
    (("erlang", "unique_integer", 1), "a fresh integer"),
    (("erlang", "system_info", 1), "describes the VM itself"),
    (
        ("erlang", "process_info", 1),
        "describes the VM's processes",
    ),
    (
        ("erlang", "process_info", 2),
        "describes the VM's processes",
    ),
    (("erlang", "statistics", 1), "clocks and VM counters"),
    (("erlang", "memory", 0), "each VM's memory figures"),
    (("erlang", "memory", 1), "each VM's memory figures"),
    (("persistent_term", "info", 0), "each VM's stored terms and their memory"),
    (("erl_prim_loader", "get_path", 0), "each VM's loader path (the boot script's on erl, the code path on beamwasm)"),
    (
        ("erlang", "garbage_collect", 0),
        "collects the fuzzing process",
    ),
    (
        ("erlang", "garbage_collect", 1),
        "collects the fuzzing process",
    ),
    (
        ("erlang", "garbage_collect", 2),
        "messages to the fuzzing process",
    ),
    (("erlang", "monitor", 3), "a fresh reference"),
    (("erlang", "alias", 0), "a fresh reference"),
    (("erlang", "alias", 1), "a fresh reference"),
    (("erlang", "send", 3), "messages to the fuzzing process"),
    (("erlang", "group_leader", 0), "a pid"),
    (("erlang", "group_leader", 2), "changes the fuzzing process"),
    (
        ("beamwasm", "put_chars", 3),
        "beamwasm's own; writes to the compared output",
    ),
    (("erlang", "display", 1), "writes to the compared output"),
    (
        ("beamwasm", "put_error_bytes", 1),
        "beamwasm's own; writes to standard error",
    ),
    (("os", "getenv", 1), "the environment of each VM"),
    (("os", "env", 0), "the environment of each VM"),
    (("os", "putenv", 2), "changes the environment"),
    (("os", "unsetenv", 1), "changes the environment"),
    (("os", "getpid", 0), "each VM's OS process"),
    (("os", "timestamp", 0), "a clock"),
    (("os", "system_time", 0), "a clock"),
    (("os", "system_time", 1), "a clock"),
    (("os", "perf_counter", 0), "a clock"),
    (("erlang", "time_offset", 0), "a clock"),
    (("erlang", "time_offset", 1), "a clock"),
    (("erlang", "timestamp", 0), "a clock"),
    (("erlang", "now", 0), "a clock"),
    (("erlang", "date", 0), "a clock"),
    (("erlang", "time", 0), "a clock"),
    (("erlang", "localtime", 0), "a clock"),
    (("erlang", "universaltime", 0), "a clock"),
    (
        ("erlang", "display_string", 1),
        "writes to each VM's stderr",
    ),
    // How each VM lays out a binary: OTP's literals over 64 bytes and runtime-built
    // bitstrings are refc binaries, beamwasm's are heap binaries; and OTP's large maps are
    // HAMTs. tests/erl/conv_terms.erl and bin_mod_parts.erl test what both lay out alike.
    (
        ("erts_debug", "flat_size", 1),
        "each VM's own memory layout",
    ),
    (
        ("binary", "referenced_byte_size", 1),
        "each VM's own binary layout",
    ),
    (
        ("erlang", "md5_init", 0),
        "OTP's context holds uninitialized bytes",
    ),
    (
        ("erlang", "posixtime_to_universaltime", 1),
        "OTP's own calendar before the year 1 (unsupported here); tests/erl/time_calendar.erl",
    ),
    (("init", "get_arguments", 0), "each VM's command line"),
    (("init", "get_argument", 1), "each VM's command line"),
    (("init", "get_plain_arguments", 0), "each VM's command line"),
    (("erlang", "halt", 0), "ends the fuzzing VM"),
    (("erlang", "halt", 1), "ends the fuzzing VM"),
    (("erlang", "halt", 2), "ends the fuzzing VM"),
    (("init", "stop", 0), "ends the fuzzing VM"),
    (("init", "stop", 1), "ends the fuzzing VM"),
    (("erlang", "system_flag", 2), "changes the VM"),
    (("erl_prim_loader", "get_file", 1), "each VM's files"),
    (("persistent_term", "get", 0), "VM-wide state"),
    (("ets", "whereis", 1), "ets table state"),
    (("ets", "all", 0), "VM-specific tables: OTP's own are listed too"),
    (("ets", "match_delete", 2), "ets table state"),
    // ets tables: VM state whose identifiers (references) differ between two VMs.
    (("ets", "new", 2), "ets table state"),
    (("ets", "insert", 2), "ets table state"),
    (("ets", "insert_new", 2), "ets table state"),
    (("ets", "lookup", 2), "ets table state"),
    (("ets", "lookup_element", 3), "ets table state"),
    (("ets", "member", 2), "ets table state"),
    (("ets", "delete", 1), "ets table state"),
    (("ets", "delete", 2), "ets table state"),
    (("ets", "delete_object", 2), "ets table state"),
    (("ets", "tab2list", 1), "ets table state"),
    (("ets", "first", 1), "ets table state"),
    (("ets", "next", 2), "ets table state"),
    (("ets", "last", 1), "ets table state"),
    (("ets", "prev", 2), "ets table state"),
    (("ets", "update_counter", 3), "ets table state"),
    (("ets", "update_element", 3), "ets table state"),
    (("ets", "info", 2), "ets table state"),
    (("ets", "match", 2), "ets table state"),
    (("ets", "match_object", 2), "ets table state"),
    (("ets", "select", 2), "ets table state"),
    (("ets", "select_count", 2), "ets table state"),
    (("ets", "update_counter", 4), "ets table state"),
    (("ets", "take", 2), "ets table state"),
    (("ets", "safe_fixtable", 2), "ets table state"),
    (("ets", "rename", 2), "ets table state"),
    (("ets", "delete_all_objects", 1), "ets table state"),
    (("ets", "select_delete", 2), "ets table state"),
    (("ets", "select", 3), "ets table state"),
    (("ets", "select", 1), "ets table state"),
    (("ets", "match", 3), "ets table state"),
    (("ets", "match", 1), "ets table state"),
    (("ets", "match_object", 3), "ets table state"),
    (("ets", "match_object", 1), "ets table state"),
    (("ets", "select_reverse", 2), "ets table state"),
    (("ets", "give_away", 3), "ets table state"),
    (("ets", "info", 1), "ets table state"),
    (("ets", "setopts", 2), "ets table state"),
    (("ets", "slot", 2), "ets table state"),
    (("ets", "select_reverse", 1), "ets table state"),
    (("ets", "select_reverse", 3), "ets table state"),
    (("ets", "match_spec_compile", 1), "a fresh reference"),
    (("ets", "match_spec_run_r", 3), "needs a compiled match specification"),
    (("erlang", "spawn_request", 1), "spawns processes"),
    (("erlang", "spawn_request", 2), "spawns processes"),
    (("erlang", "spawn_request", 3), "spawns processes"),
    (("erlang", "spawn_request", 4), "spawns processes"),
    (("erlang", "spawn_request", 5), "spawns processes"),
    (("erlang", "suspend_process", 1), "suspends processes"),
    (("erlang", "suspend_process", 2), "suspends processes"),
    (("erlang", "resume_process", 1), "resumes processes"),
    (("init", "restart", 0), "ends the run"),
    (("init", "restart", 1), "ends the run"),
    (("init", "reboot", 0), "ends the run"),
    (("init", "wait_until_started", 0), "waits forever on erl"),
    (("erlang", "prepare_loading", 2), "erl prints the emulator's load errors"),
    (("erlang", "finish_loading", 1), "loads code"),
];

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    /// `true` with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// Terms and their Erlang source text.

#[derive(Clone, Debug, PartialEq)]
enum Term {
    Int(BigInt),
    Float(f64),
    Atom(String),
    Nil,
    /// A non-empty list: its elements and its tail (`Nil` when proper).
    List(Vec<Term>, Box<Term>),
    Tuple(Vec<Term>),
    /// A map literal; keys are distinct.
    Map(Vec<(Term, Term)>),
    /// `fun M:F/A`.
    Fun(String, String, u32),
}

impl Term {
    fn int(i: i64) -> Term {
        Term::Int(BigInt::from(i))
    }

    fn atom(name: &str) -> Term {
        Term::Atom(name.to_string())
    }

    fn list(elements: Vec<Term>) -> Term {
        Term::improper(elements, Term::Nil)
    }

    fn improper(elements: Vec<Term>, tail: Term) -> Term {
        if elements.is_empty() {
            tail
        } else {
            Term::List(elements, Box::new(tail))
        }
    }

    fn chars(text: &str) -> Term {
        Term::list(text.chars().map(|c| Term::int(c as i64)).collect())
    }

    fn as_int(&self) -> Option<&BigInt> {
        match self {
            Term::Int(i) => Some(i),
            _ => None,
        }
    }

    /// Erlang source text of the term (an expression that evaluates to it).
    fn source(&self, out: &mut String) {
        match self {
            Term::Int(i) => write!(out, "{i}").unwrap(),
            Term::Float(f) => out.push_str(&float_source(*f)),
            Term::Atom(name) => quote_atom(name, out),
            Term::Nil => out.push_str("[]"),
            Term::List(elements, tail) => {
                out.push('[');
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    e.source(out);
                }
                if **tail != Term::Nil {
                    out.push('|');
                    tail.source(out);
                }
                out.push(']');
            }
            Term::Tuple(elements) => {
                out.push('{');
                for (i, e) in elements.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    e.source(out);
                }
                out.push('}');
            }
            Term::Map(pairs) => {
                out.push_str("#{");
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    k.source(out);
                    out.push_str(" => ");
                    v.source(out);
                }
                out.push('}');
            }
            Term::Fun(m, f, a) => {
                out.push_str("fun ");
                quote_atom(m, out);
                out.push(':');
                quote_atom(f, out);
                write!(out, "/{a}").unwrap();
            }
        }
    }

    fn to_source(&self) -> String {
        let mut s = String::new();
        self.source(&mut s);
        s
    }
}

/// A float literal `erl` reads back exactly: Rust's shortest round-trip digits, with the `.0`
/// Erlang needs before an exponent (`1e300` -> `1.0e300`).
fn float_source(f: f64) -> String {
    assert!(f.is_finite(), "no literal for {f}");
    let text = format!("{f:?}");
    match text.split_once('e') {
        Some((mantissa, exp)) if !mantissa.contains('.') => format!("{mantissa}.0e{exp}"),
        _ => text,
    }
}

fn quote_atom(name: &str, out: &mut String) {
    out.push('\'');
    for c in name.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                write!(out, "\\x{{{:x}}}", c as u32).unwrap()
            }
            c => out.push(c),
        }
    }
    out.push('\'');
}

// ---------------------------------------------------------------------------------------------
// The generator.

/// Atoms the generator draws from; all of them appear in every module (`atoms/0`), so
/// `list_to_existing_atom/1` of their names succeeds on both VMs.
const ATOMS: &[&str] = &[
    "true",
    "false",
    "ok",
    "error",
    "exit",
    "throw",
    "badarg",
    "undefined",
    "foo",
    "bar",
    "a",
    "z",
    "",
    "Hello World",
    "it's",
    "back\\slash",
    "\u{e9}t\u{e9}",
    "\u{101}",
    "tab\tnl\n",
    "nil",
    "infinity",
    "erlang",
    "math",
    "maps",
    "lists",
    "abs",
    "element",
    "arity",
    "module",
    "name",
    "type",
    "env",
    "decimals",
    "scientific",
    "compact",
    "short",
    "+",
    "[]",
];

/// Functions for `fun M:F/A` literals.
const FUNS: &[(&str, &str, u32)] = &[
    ("erlang", "abs", 1),
    ("erlang", "element", 2),
    ("lists", "map", 2),
    ("math", "pi", 0),
    ("maps", "get", 2),
    ("no_such_module", "f", 3),
];

struct Gen {
    rng: Rng,
}

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng(seed ^ 0x5EED_F00D_1234_5678),
        }
    }

    fn pow2(k: u32) -> BigInt {
        BigInt::one() << k as usize
    }

    /// An integer around the interesting boundaries: the 28-bit immediates of 32-bit
    /// encodings, 32 bits, the 60-bit immediates of beamwasm and OTP, 64 bits, big.
    fn int(&mut self) -> BigInt {
        let r = &mut self.rng;
        match r.below(10) {
            0..=3 => BigInt::from(r.below(21) as i64 - 10),
            4 | 5 => BigInt::from(r.below(2001) as i64 - 1000),
            6 | 7 => {
                let k = *r.pick(&[27u32, 28, 31, 32, 53, 59, 60, 63, 64, 65, 127, 128]);
                let delta = BigInt::from(r.below(5) as i64 - 2);
                let v = Self::pow2(k) + delta;
                if r.chance(50) {
                    -v
                } else {
                    v
                }
            }
            8 => {
                let v = BigInt::from(r.next() >> r.below(64));
                if r.chance(50) {
                    -v
                } else {
                    v
                }
            }
            _ => {
                // A big integer of up to ~600 bits.
                let words = 1 + r.below(10) as usize;
                let mut v = BigInt::zero();
                for _ in 0..words {
                    v = (v << 64usize) + BigInt::from(r.next());
                }
                if r.chance(50) {
                    -v
                } else {
                    v
                }
            }
        }
    }

    fn float(&mut self) -> f64 {
        let r = &mut self.rng;
        let f = match r.below(8) {
            0 => *r.pick(&[
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.5,
                -0.5,
                1.5,
                2.5,
                -2.5,
                0.1,
                1.0e300,
                -1.0e300,
                1.0e-300,
                5.0e-324,
                f64::MAX,
                f64::MIN,
                f64::MIN_POSITIVE,
                f64::EPSILON,
                std::f64::consts::PI,
                9007199254740992.0,
                9007199254740993.0,
                9.223372036854776e18,
                134217728.0,
                1.0e16,
                1.0e15,
                123456.789,
            ]),
            1 | 2 => (r.below(2001) as f64 - 1000.0) / 4.0,
            3 => (r.next() as i64 as f64) / (1u64 << r.below(64)) as f64,
            4 => {
                let v = Self::pow2(*r.pick(&[27u32, 31, 53, 59, 63, 64]));
                v.to_f64().unwrap() + r.below(3) as f64 - 1.0
            }
            _ => loop {
                let f = f64::from_bits(r.next());
                if f.is_finite() {
                    break f;
                }
            },
        };
        f
    }

    fn atom(&mut self) -> String {
        self.rng.pick(ATOMS).to_string()
    }

    fn number(&mut self) -> Term {
        if self.rng.chance(60) {
            Term::Int(self.int())
        } else {
            Term::Float(self.float())
        }
    }

    fn boolean(&mut self) -> Term {
        Term::atom(if self.rng.chance(50) { "true" } else { "false" })
    }

    /// A character list: ASCII, Latin-1, other Unicode, and sometimes a non-character.
    fn string(&mut self) -> Term {
        let n = self.rng.below(8) as usize;
        let mut chars = Vec::with_capacity(n);
        for _ in 0..n {
            let r = &mut self.rng;
            let c = match r.below(10) {
                0..=5 => 0x61 + r.below(26) as i64,
                6 => 0x20 + r.below(95) as i64,
                7 => 0x80 + r.below(0x80) as i64,
                8 => *r.pick(&[0x101i64, 0x3b1, 0x2603, 0x1F600, 0x10FFFF, 0]),
                _ => *r.pick(&[-1i64, 0xD800, 0x110000, 1 << 27]),
            };
            chars.push(Term::int(c));
        }
        Term::list(chars)
    }

    /// A digit string for `list_to_integer`, in `base`, often signed, sometimes malformed.
    fn digits(&mut self, base: u32) -> Term {
        let r = &mut self.rng;
        let mut s = String::new();
        match r.below(6) {
            0 => s.push('-'),
            1 => s.push('+'),
            _ => {}
        }
        let max = if r.chance(20) { 60 } else { 12 };
        let n = 1 + r.below(max);
        for _ in 0..n {
            let d = r.below(base as u64) as u32;
            let c = std::char::from_digit(d, base).unwrap();
            s.push(if r.chance(50) {
                c.to_ascii_uppercase()
            } else {
                c
            });
        }
        if r.chance(10) {
            let at = r.below(s.len() as u64 + 1) as usize;
            let junk = *r.pick(&['_', ' ', '.', 'z', '-', '\u{e9}']);
            s.insert(at, junk);
        }
        if r.chance(5) {
            s.clear();
        }
        Term::chars(&s)
    }

    /// Text for `list_to_float`, mostly well-formed.
    fn float_text(&mut self) -> Term {
        let r = &mut self.rng;
        let text = match r.below(5) {
            0 => (*r.pick(&[
                "1.0", "-1.5", "+2.5", "1.0e10", "1.5E-3", "0.0", "-0.0", "1e5", "1.", ".5",
                "1.0e", "1.0e+3", "1.0e400", "1.0e-400", "12", "1.0x", " 1.0", "1_0.0", "",
            ]))
            .to_string(),
            1 | 2 => float_source(self.float()),
            _ => {
                let f = self.float();
                format!("{f:e}")
            }
        };
        Term::chars(&text)
    }

    fn list(&mut self, depth: u32, max: u64) -> Vec<Term> {
        let n = self.rng.below(max + 1);
        (0..n).map(|_| self.term(depth + 1)).collect()
    }

    fn map(&mut self, depth: u32, large: bool) -> Term {
        let n = if large {
            33 + self.rng.below(30)
        } else {
            self.rng.below(6)
        };
        let mut pairs: Vec<(Term, Term)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..n {
            // A large map's keys hold no atoms: an atom hashes by its index in each VM's own
            // atom table, so the HAMT order (and `term_to_binary`'s bytes) would differ.
            let key = if large {
                if self.rng.chance(50) {
                    Term::int(self.rng.below(1000) as i64)
                } else {
                    Term::Tuple(vec![
                        Term::int(self.rng.below(100) as i64),
                        Term::int(self.rng.below(100) as i64),
                    ])
                }
            } else {
                self.term(depth + 1)
            };
            // Distinct keys; -0.0 and 0.0 are one key in OTP 25, keep them out of literals.
            let text = key.to_source().replace("-0.0", "0.0");
            if seen.insert(text) {
                let value = self.term(depth + 1);
                pairs.push((key, value));
            }
        }
        Term::Map(pairs)
    }

    /// Any term, biased toward the interesting ones; `depth` bounds nesting.
    fn term(&mut self, depth: u32) -> Term {
        let leaf = depth >= 3;
        let kind = self.rng.below(if leaf { 7 } else { 14 });
        match kind {
            0 | 1 => Term::Int(self.int()),
            2 => Term::Float(self.float()),
            3 | 4 => Term::Atom(self.atom()),
            5 => Term::Nil,
            6 => self.string(),
            7 => Term::list(self.list(depth, 5)),
            8 => {
                let elements = self.list(depth, 3);
                let tail = self.term(depth + 1);
                if matches!(tail, Term::Nil | Term::List(..)) || elements.is_empty() {
                    Term::improper(vec![Term::int(1)], Term::atom("tail"))
                } else {
                    Term::improper(elements, tail)
                }
            }
            9 | 10 => Term::Tuple(self.list(depth, 4)),
            11 => self.map(depth, false),
            12 => {
                if self.rng.chance(15) {
                    self.map(depth, true)
                } else {
                    let (m, f, a) = *self.rng.pick(FUNS);
                    Term::Fun(m.into(), f.into(), a)
                }
            }
            _ => Term::Tuple(vec![Term::atom("ok"), self.term(depth + 1)]),
        }
    }

    fn any(&mut self) -> Term {
        self.term(0)
    }

    fn tuple(&mut self) -> Term {
        Term::Tuple(self.list(1, 6))
    }

    fn list_term(&mut self) -> Term {
        match self.rng.below(4) {
            0 => self.string(),
            _ => Term::list(self.list(1, 6)),
        }
    }

    fn map_term(&mut self) -> Term {
        let large = self.rng.chance(15);
        self.map(1, large)
    }

    /// A key of `map` (when it has any) or a random term.
    fn key_of(&mut self, map: &Term) -> Term {
        match map {
            Term::Map(pairs) if !pairs.is_empty() && self.rng.chance(70) => {
                let i = self.rng.below(pairs.len() as u64) as usize;
                pairs[i].0.clone()
            }
            _ => self.any(),
        }
    }

    /// An index 0..=size+1 into something of `size` elements, rarely a wild one.
    fn index(&mut self, size: usize) -> Term {
        if self.rng.chance(10) {
            return self.any();
        }
        Term::int(self.rng.below(size as u64 + 2) as i64)
    }

    fn size_of(t: &Term) -> usize {
        match t {
            Term::Tuple(e) => e.len(),
            _ => 0,
        }
    }

    /// Usually `good`, sometimes any term, so error paths run too.
    fn mostly(&mut self, good: Term) -> Term {
        if self.rng.chance(85) {
            good
        } else {
            self.any()
        }
    }

    /// Arguments for `bif`: typed for the BIFs the generator knows, random for the others.
    fn args(&mut self, bif: Bif) -> Vec<Term> {
        let (module, function, arity) = bif.mfa();
        let args = match (module, function, arity) {
            ("erlang", "+" | "-" | "*" | "/", 2) | ("math", "atan2" | "pow" | "fmod", 2) => {
                let a = self.number();
                let b = self.number();
                vec![self.mostly(a), self.mostly(b)]
            }
            ("erlang", "div" | "rem" | "band" | "bor" | "bxor", 2) => {
                let a = Term::Int(self.int());
                let b = Term::Int(self.int());
                vec![self.mostly(a), self.mostly(b)]
            }
            ("erlang", "bsl" | "bsr", 2) => {
                let a = Term::Int(self.int());
                let shift = if self.rng.chance(80) {
                    Term::int(self.rng.below(300) as i64 - 100)
                } else {
                    Term::Int(self.int())
                };
                vec![self.mostly(a), self.mostly(shift)]
            }
            ("erlang", "bnot", 1) => {
                let a = Term::Int(self.int());
                vec![self.mostly(a)]
            }
            ("erlang", "-" | "+" | "abs" | "float" | "trunc" | "round" | "floor" | "ceil", 1)
            | ("math", _, 1) => {
                let a = self.number();
                vec![self.mostly(a)]
            }
            (
                "erlang",
                "==" | "/=" | "=:=" | "=/=" | "<" | ">" | "=<" | ">=" | "min" | "max",
                2,
            ) => {
                let a = self.any();
                let b = match self.rng.below(4) {
                    0 => a.clone(),
                    1 => match &a {
                        Term::Int(i) => i.to_f64().map_or(Term::Float(1.0), Term::Float),
                        Term::Float(f) if f.fract() == 0.0 && f.abs() < 1e30 => {
                            Term::Int(BigInt::from(*f as i128))
                        }
                        _ => self.number(),
                    },
                    _ => self.any(),
                };
                if self.rng.chance(50) {
                    vec![a, b]
                } else {
                    vec![b, a]
                }
            }
            ("erlang", "and" | "or" | "xor", 2) => {
                let (a, b) = (self.boolean(), self.boolean());
                vec![self.mostly(a), self.mostly(b)]
            }
            ("erlang", "not", 1) => {
                let a = self.boolean();
                vec![self.mostly(a)]
            }
            ("erlang", "is_function", 2) => {
                let (m, f, a) = *self.rng.pick(FUNS);
                let fun = Term::Fun(m.into(), f.into(), a);
                let arity = Term::int(self.rng.below(4) as i64);
                vec![self.mostly(fun), self.mostly(arity)]
            }
            ("erlang", "element", 2) => {
                let t = self.tuple();
                let i = self.index(Self::size_of(&t));
                vec![i, self.mostly(t)]
            }
            ("erlang", "setelement", 3) => {
                let t = self.tuple();
                let i = self.index(Self::size_of(&t));
                vec![i, self.mostly(t), self.any()]
            }
            ("erlang", "tuple_size" | "size" | "tuple_to_list", 1) => {
                let t = self.tuple();
                vec![self.mostly(t)]
            }
            ("erlang", "append_element", 2) => {
                let t = self.tuple();
                vec![self.mostly(t), self.any()]
            }
            ("erlang", "length" | "hd" | "tl" | "list_to_tuple", 1) => {
                let l = self.list_term();
                vec![self.mostly(l)]
            }
            ("erlang", "++" | "--", 2) | ("lists", "reverse", 2) => {
                let a = self.list_term();
                let b = if function == "--" && self.rng.chance(50) {
                    // Elements of `a`, so something is removed.
                    match &a {
                        Term::List(e, _) => {
                            let mut e = e.clone();
                            e.reverse();
                            e.truncate(self.rng.below(4) as usize);
                            Term::list(e)
                        }
                        _ => Term::Nil,
                    }
                } else if self.rng.chance(60) {
                    self.list_term()
                } else {
                    self.any()
                };
                vec![self.mostly(a), b]
            }
            ("erlang", "atom_to_list", 1) => {
                let a = Term::Atom(self.atom());
                vec![self.mostly(a)]
            }
            ("erlang", "list_to_atom", 1) => {
                let s = if self.rng.chance(30) {
                    Term::chars(&self.atom())
                } else if self.rng.chance(5) {
                    Term::chars(&"x".repeat(250 + self.rng.below(10) as usize))
                } else {
                    self.string()
                };
                vec![self.mostly(s)]
            }
            ("erlang", "list_to_existing_atom", 1) => {
                // Only names known to exist on both VMs (ATOMS are in the module) or surely
                // missing: OTP has many more atoms than beamwasm.
                let a = match self.rng.below(10) {
                    0..=5 => Term::chars(&self.atom()),
                    6 | 7 => Term::chars(&format!("bw_fuzz_missing_{}", self.rng.below(1000))),
                    _ => loop {
                        let t = self.any();
                        if !is_char_list(&t) {
                            break t;
                        }
                    },
                };
                vec![a]
            }
            ("erlang", "integer_to_list", 1) => {
                let i = Term::Int(self.int());
                vec![self.mostly(i)]
            }
            ("erlang", "integer_to_list", 2) => {
                let i = Term::Int(self.int());
                let base = Term::int(self.rng.below(40) as i64);
                vec![self.mostly(i), self.mostly(base)]
            }
            ("erlang", "list_to_integer", 1) => {
                let d = self.digits(10);
                vec![self.mostly(d)]
            }
            ("erlang", "list_to_integer", 2) => {
                let base = 2 + self.rng.below(35) as u32;
                let d = self.digits(base);
                let b = if self.rng.chance(90) {
                    Term::int(base as i64)
                } else {
                    Term::int(self.rng.below(40) as i64)
                };
                vec![self.mostly(d), self.mostly(b)]
            }
            ("erlang", "make_tuple", 2) => {
                let n = self.small_count();
                vec![n, self.any()]
            }
            ("erlang", "make_tuple", 3) => {
                let n = self.small_count();
                let size = n.as_int().and_then(|i| i.to_i64()).unwrap_or(3).max(1) as u64;
                let inits: Vec<Term> = (0..self.rng.below(4))
                    .map(|_| {
                        let p = Term::int(self.rng.below(size + 2) as i64);
                        let v = self.any();
                        self.mostly(Term::Tuple(vec![p, v]))
                    })
                    .collect();
                let inits = Term::list(inits);
                vec![n, self.any(), self.mostly(inits)]
            }
            ("erlang", "raise", 3) => {
                let class = Term::atom(self.rng.pick::<&str>(&["error", "exit", "throw"]));
                let trace = match self.rng.below(4) {
                    0 => Term::Nil,
                    1 => Term::list(vec![Term::Tuple(vec![
                        Term::atom("m"),
                        Term::atom("f"),
                        Term::int(1),
                        Term::Nil,
                    ])]),
                    _ => self.any(),
                };
                vec![self.mostly(class), self.any(), trace]
            }
            ("erlang", "make_fun", 3) => {
                let (m, f) = (Term::Atom(self.atom()), Term::Atom(self.atom()));
                let a = Term::int(self.rng.below(260) as i64 - 2);
                vec![self.mostly(m), self.mostly(f), self.mostly(a)]
            }
            ("erlang", "fun_info", 2) => {
                let (m, f, a) = *self.rng.pick(FUNS);
                let fun = Term::Fun(m.into(), f.into(), a);
                let item = Term::atom(self.rng.pick::<&str>(&[
                    "arity",
                    "module",
                    "name",
                    "type",
                    "env",
                    "pid",
                    "index",
                    "new_index",
                    "uniq",
                    "new_uniq",
                    "refs",
                    "bogus",
                ]));
                vec![self.mostly(fun), self.mostly(item)]
            }
            ("erlang", "float_to_list", 1) => {
                let f = Term::Float(self.float());
                vec![self.mostly(f)]
            }
            ("erlang", "float_to_list", 2) => {
                let f = Term::Float(self.float());
                let n = self.rng.below(8);
                let mut opts: Vec<Term> = (0..n % 3)
                    .map(|_| match self.rng.below(6) {
                        0 => Term::atom("compact"),
                        1 => Term::atom("short"),
                        2 | 3 => Term::Tuple(vec![
                            Term::atom("decimals"),
                            Term::int(self.rng.below(30) as i64 - 1),
                        ]),
                        _ => Term::Tuple(vec![
                            Term::atom("scientific"),
                            Term::int(self.rng.below(30) as i64 - 1),
                        ]),
                    })
                    .collect();
                if n == 7 {
                    opts.push(self.any());
                }
                vec![self.mostly(f), self.mostly(Term::list(opts))]
            }
            ("erlang", "list_to_float", 1) => {
                let t = self.float_text();
                vec![self.mostly(t)]
            }
            ("erlang", "map_size", 1)
            | ("maps", "keys" | "values" | "to_list", 1)
            | ("erlang", "is_map", 1) => {
                let m = self.map_term();
                vec![self.mostly(m)]
            }
            ("erlang", "map_get" | "is_map_key", 2)
            | ("maps", "get" | "find" | "is_key" | "remove" | "take", 2) => {
                let m = self.map_term();
                let k = self.key_of(&m);
                vec![k, self.mostly(m)]
            }
            ("maps", "put" | "update", 3) => {
                let m = self.map_term();
                let k = self.key_of(&m);
                vec![k, self.any(), self.mostly(m)]
            }
            ("maps", "merge", 2) => {
                let (a, b) = (self.map_term(), self.map_term());
                vec![self.mostly(a), self.mostly(b)]
            }
            ("maps", "from_list", 1) => {
                let max = if self.rng.chance(10) { 50 } else { 6 };
                let pairs: Vec<Term> = (0..self.rng.below(max))
                    .map(|_| {
                        let k = if self.rng.chance(50) {
                            Term::int(self.rng.below(60) as i64)
                        } else {
                            self.any()
                        };
                        let v = self.any();
                        self.mostly(Term::Tuple(vec![k, v]))
                    })
                    .collect();
                let l = Term::list(pairs);
                vec![self.mostly(l)]
            }
            ("maps", "from_keys", 2) => {
                let max = if self.rng.chance(10) { 40 } else { 6 };
                let keys = Term::list(self.list(1, max));
                vec![self.mostly(keys), self.any()]
            }
            _ => (0..arity).map(|_| self.any()).collect(),
        };
        assert_eq!(args.len(), arity as usize, "{module}:{function}/{arity}");
        args
    }

    /// A tuple size for `make_tuple`: small, or beyond the arity limit (2^24 - 1), or negative.
    fn small_count(&mut self) -> Term {
        match self.rng.below(10) {
            0..=6 => Term::int(self.rng.below(8) as i64),
            7 => Term::int(-1 - self.rng.below(3) as i64),
            8 => Term::Int(BigInt::from((1i64 << 24) + self.rng.below(2) as i64)),
            _ => Term::int(100),
        }
    }
}

fn is_char_list(t: &Term) -> bool {
    match t {
        Term::Nil => true,
        Term::List(elements, tail) => {
            **tail == Term::Nil
                && elements.iter().all(|e| {
                    e.as_int()
                        .and_then(|i| i.to_u32())
                        .is_some_and(|c| char::from_u32(c).is_some())
                })
        }
        _ => false,
    }
}

/// Keeps a case inside what both VMs can answer in reasonable time and memory: results of
/// hundreds of millions of bits (OTP computes them; beamwasm's limit is 2^24 bits) and tuples
/// of millions of elements are not interesting and would take long to print.
fn tame(bif: Bif, args: &mut [Term]) {
    let (module, function, _) = bif.mfa();
    match (module, function) {
        ("erlang", "bsl" | "bsr") => {
            let (Some(x), Some(s)) = (args[0].as_int(), args[1].as_int()) else {
                return;
            };
            let left = if function == "bsl" { s.clone() } else { -s };
            if !x.is_zero() && left > BigInt::from(4096) && left < BigInt::from(1u64 << 30) {
                args[1] = Term::Int(s % 4096);
            }
        }
        ("erlang", "make_tuple") => {
            if let Some(n) = args[0].as_int() {
                if n > &BigInt::from(1000) && n < &BigInt::from(1u64 << 24) {
                    args[0] = Term::int(1000);
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Cases and modules.

struct Case {
    bif: Bif,
    args: Vec<Term>,
    /// The result is a list in map iteration order of a large map: sort it (see the top).
    sort_result: bool,
}

impl Case {
    fn call_source(&self) -> String {
        let (m, f, _) = self.bif.mfa();
        let mut s = String::new();
        quote_atom(m, &mut s);
        s.push(':');
        quote_atom(f, &mut s);
        s.push('(');
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str("id(");
            a.source(&mut s);
            s.push(')');
        }
        s.push(')');
        s
    }

    /// How the case reads in a report: `erlang:element(1, {a})`.
    fn describe(&self) -> String {
        let (m, f, _) = self.bif.mfa();
        let args: Vec<String> = self.args.iter().map(Term::to_source).collect();
        format!("{m}:{f}({})", args.join(", "))
    }
}

fn generate_cases(seed: u64, n: usize, bifs: &[Bif]) -> Vec<Case> {
    let mut g = Gen::new(seed);
    (0..n)
        .map(|_| {
            let bif = *g.rng.pick(bifs);
            let mut args = g.args(bif);
            tame(bif, &mut args);
            let (module, function, _) = bif.mfa();
            let sort_result = module == "maps"
                && matches!(function, "keys" | "values" | "to_list")
                && matches!(&args[0], Term::Map(p) if p.len() > 32);
            Case {
                bif,
                args,
                sort_result,
            }
        })
        .collect()
}

/// The helper functions every module carries: `id/1`, the atom pool and the normalization of
/// large maps (on both VMs alike, with nothing but BIFs and local code).
const MODULE_TAIL: &str = r#"
id(X) -> X.

norm(M) when is_map(M) ->
    Pairs = norm_pairs(maps:to_list(M)),
    case map_size(M) > 32 of
        true -> {'$large_map', msort(Pairs)};
        false -> maps:from_list(Pairs)
    end;
norm(T) when is_tuple(T) -> list_to_tuple(norm(tuple_to_list(T)));
norm([H | T]) -> [norm(H) | norm(T)];
norm(X) -> X.

norm_pairs([{K, V} | T]) -> [{norm(K), norm(V)} | norm_pairs(T)];
norm_pairs([]) -> [].

sorted(L) when is_list(L) -> {'$sorted', msort(norm(L))};
sorted(X) -> X.

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = split(L, [], []),
    merge(msort(A), msort(B)).

split([X, Y | T], A, B) -> split(T, [X | A], [Y | B]);
split([X], A, B) -> {[X | A], B};
split([], A, B) -> {A, B}.

merge([X | Xs], [Y | Ys]) ->
    case le(X, Y) of
        true -> [X | merge(Xs, [Y | Ys])];
        false -> [Y | merge([X | Xs], Ys)]
    end;
merge([], Ys) -> Ys;
merge(Xs, []) -> Xs.

le(A, B) when A < B -> true;
le(A, B) when A == B -> tie(A, B);
le(_, _) -> false.

tie({K1, _}, {K2, _}) -> tie(K1, K2);
tie(A, B) -> not (is_float(A) andalso is_integer(B)).
"#;

fn module_source(name: &str, cases: &[Case]) -> String {
    let mut s = String::new();
    writeln!(s, "-module({name}).").unwrap();
    writeln!(s, "-export([main/0, id/1, atoms/0]).").unwrap();
    s.push_str("\natoms() -> [");
    for (i, a) in ATOMS.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        quote_atom(a, &mut s);
    }
    s.push_str("].\n\nmain() -> [");
    for i in 0..cases.len() {
        if i > 0 {
            s.push_str(",\n    ");
        }
        write!(s, "norm(c{i}())").unwrap();
    }
    s.push_str("].\n\n");
    for (i, case) in cases.iter().enumerate() {
        let ok = if case.sort_result { "sorted(V)" } else { "V" };
        writeln!(
            s,
            "c{i}() ->\n    try {} of V -> {{ok, {ok}}} catch C:R -> {{C, R}} end.\n",
            case.call_source()
        )
        .unwrap();
    }
    s.push_str(MODULE_TAIL);
    s
}

// ---------------------------------------------------------------------------------------------
// Running.

fn timeout() -> Duration {
    Duration::from_secs(120)
}

/// Splits the `~w` text of a list into the texts of its elements (top-level commas only).
fn split_list(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    let mut start = 0;
    let mut previous = ' ';
    for (i, c) in inner.char_indices() {
        let after = std::mem::replace(&mut previous, c);
        if quoted {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\'' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '\'' => quoted = true,
            '[' | '{' | '(' | '<' => depth += 1,
            '>' if after == '=' => {} // `=>` in a map
            ']' | '}' | ')' | '>' => depth -= 1,
            ',' if depth == 0 => {
                out.push(inner[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner.is_empty() {
        out.push(inner[start..].to_string());
    }
    Some(out)
}

/// One module of one seed.
struct Batch {
    seed: u64,
    name: String,
    cases: Vec<Case>,
}

fn around_difference(text: &str, other: &str) -> String {
    let common = text
        .char_indices()
        .zip(other.chars())
        .find(|((_, a), b)| a != b)
        .map_or(text.len().min(other.len()), |((i, _), _)| i);
    let start = text[..common]
        .char_indices()
        .rev()
        .nth(150)
        .map_or(0, |(i, _)| i);
    let prefix = if start > 0 { "..." } else { "" };
    format!("{prefix}{}", truncate(&text[start..], 400))
}

/// Re-runs the cases of a module that crashed beamwasm, one module each; names those that crash.
fn isolate_crashes(dir: &Path, batch: &Batch, erl: &str) -> Vec<String> {
    let sub = dir.join(format!("{}_isolated", batch.name));
    fs::create_dir_all(&sub).unwrap();
    let names: Vec<String> = (0..batch.cases.len())
        .map(|i| format!("{}_c{i}", batch.name))
        .collect();
    for (name, case) in names.iter().zip(&batch.cases) {
        let src = module_source(name, std::slice::from_ref(case));
        fs::write(sub.join(format!("{name}.erl")), src).unwrap();
    }
    erlc(&sub, names.iter().map(|n| format!("{n}.erl")));
    let erl_elements = split_list(erl).unwrap_or_default();
    let mut found = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let why = match run_beamwasm(&sub.join(format!("{name}.beam")), &[], timeout()) {
            Outcome::Ok(_) => continue,
            Outcome::CouldNotRun(why) => why,
            raised => raised.to_string(),
        };
        found.push(format!(
            "seed {} {}: beamwasm crashed on {}: {why} (erl says {})",
            batch.seed,
            batch.name,
            truncate(&batch.cases[i].describe(), 300),
            erl_elements.get(i).map_or("?", String::as_str)
        ));
    }
    if found.is_empty() {
        found.push(format!(
            "seed {} {}: beamwasm crashed on the module but on no case alone",
            batch.seed, batch.name
        ));
    }
    found
}

fn fuzz(seeds: &[u64], cases_per_seed: usize) {
    let mut bifs: Vec<Bif> = Bif::ALL
        .iter()
        .copied()
        .filter(|b| !EXCLUDED.iter().any(|(mfa, _)| *mfa == b.mfa()))
        .collect();
    // In id order, so a seed draws the same cases however the catalog is grouped.
    bifs.sort_by_key(|b| b.id());
    assert!(!bifs.is_empty());

    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bif-fuzz-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();

    let started = Instant::now();
    let mut batches = Vec::new();
    for &seed in seeds {
        let cases = generate_cases(seed, cases_per_seed, &bifs);
        let mut rest = cases.into_iter().peekable();
        let mut k = 0;
        while rest.peek().is_some() {
            let chunk: Vec<Case> = rest.by_ref().take(CASES_PER_MODULE).collect();
            let name = format!("bif_fuzz_{seed}_{k}");
            fs::write(
                dir.join(format!("{name}.erl")),
                module_source(&name, &chunk),
            )
            .unwrap();
            batches.push(Batch {
                seed,
                name,
                cases: chunk,
            });
            k += 1;
        }
    }
    let names: Vec<String> = batches.iter().map(|b| b.name.clone()).collect();
    erlc(&dir, names.iter().map(|n| format!("{n}.erl")));
    let compiled = Instant::now();
    let expected = erl_outcomes(&dir, &names);
    let on_erl = Instant::now();
    // Two at a time.
    let actual = run_all_on_beamwasm(&dir, &names, &[], timeout(), 2);
    let done = Instant::now();
    let total: usize = batches.iter().map(|b| b.cases.len()).sum();
    eprintln!(
        "bif_fuzz: {total} cases, {} seeds, {} BIFs, {} modules: erlc {:.1?}, erl {:.1?}, \
         beamwasm {:.1?}",
        seeds.len(),
        bifs.len(),
        names.len(),
        compiled - started,
        on_erl - compiled,
        done - on_erl
    );

    let mut failures: Vec<String> = Vec::new();
    let mut per_bif: BTreeMap<String, usize> = BTreeMap::new();
    for ((batch, want), got) in batches.iter().zip(&expected).zip(&actual) {
        if want == got {
            continue;
        }
        match (want, got) {
            (Outcome::Ok(w), Outcome::Ok(g)) => {
                let (we, ge) = (split_list(w), split_list(g));
                match (we, ge) {
                    (Some(we), Some(ge))
                        if we.len() == batch.cases.len() && ge.len() == we.len() =>
                    {
                        for ((case, w), g) in batch.cases.iter().zip(&we).zip(&ge) {
                            if w != g {
                                let (m, f, a) = case.bif.mfa();
                                *per_bif.entry(format!("{m}:{f}/{a}")).or_default() += 1;
                                failures.push(format!(
                                    "seed {} {}: {}\n    erl says      {}\n    beamwasm says {}",
                                    batch.seed,
                                    batch.name,
                                    truncate(&case.describe(), 400),
                                    around_difference(w, g),
                                    around_difference(g, w)
                                ));
                            }
                        }
                    }
                    _ => failures.push(format!(
                        "seed {} {}: results of different shape\n    erl says      {}\n    \
                         beamwasm says {}",
                        batch.seed,
                        batch.name,
                        truncate(w, 400),
                        truncate(g, 400)
                    )),
                }
            }
            (Outcome::Ok(w), _) => {
                *per_bif.entry("(crash)".into()).or_default() += 1;
                failures.extend(isolate_crashes(&dir, batch, w));
            }
            _ => failures.push(format!(
                "seed {} {}: erl {want:?}, beamwasm {got:?}",
                batch.seed, batch.name
            )),
        }
    }
    if !failures.is_empty() {
        eprintln!();
        for f in failures.iter().take(REPORT_LIMIT) {
            eprintln!("{f}");
        }
        if failures.len() > REPORT_LIMIT {
            eprintln!("... and {} more", failures.len() - REPORT_LIMIT);
        }
        eprintln!("\ndivergences per BIF: {per_bif:?}");
        eprintln!("modules kept in {}", dir.display());
    } else if std::env::var_os("BEAMWASM_BIF_FUZZ_KEEP").is_some() {
        eprintln!("modules kept in {}", dir.display());
    } else {
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(
        failures.is_empty(),
        "bif_fuzz: {} divergences from erl in {total} cases",
        failures.len()
    );
}

fn seeds_from_env() -> Vec<u64> {
    match std::env::var("BEAMWASM_BIF_FUZZ_SEED") {
        Ok(s) => match s.split_once("..") {
            Some((a, b)) => {
                let (a, b): (u64, u64) = (a.trim().parse().unwrap(), b.trim().parse().unwrap());
                (a..b).collect()
            }
            None => vec![s.trim().parse().expect("BEAMWASM_BIF_FUZZ_SEED: S or S..E")],
        },
        Err(_) => DEFAULT_SEEDS.to_vec(),
    }
}

#[test]
fn bif_calls_match_erl() {
    let cases = std::env::var("BEAMWASM_BIF_FUZZ_CASES")
        .ok()
        .map(|s| s.trim().parse().expect("BEAMWASM_BIF_FUZZ_CASES: a number"))
        .unwrap_or(DEFAULT_CASES);
    fuzz(&seeds_from_env(), cases);
}

/// The generator's literals read back exactly and every excluded BIF still exists.
#[test]
fn generator_sanity() {
    assert_eq!(float_source(1e300), "1.0e300");
    assert_eq!(float_source(5e-324), "5.0e-324");
    assert_eq!(float_source(-0.0), "-0.0");
    assert_eq!(float_source(0.1), "0.1");
    assert_eq!(float_source(1.5e-7), "1.5e-7");
    assert_eq!(Term::atom("it's").to_source(), "'it\\'s'");
    assert_eq!(
        Term::improper(vec![Term::int(1)], Term::atom("t")).to_source(),
        "[1|'t']"
    );
    for (mfa, _) in EXCLUDED {
        assert!(
            Bif::ALL.iter().any(|b| b.mfa() == *mfa),
            "excluded {mfa:?} is not in the catalog"
        );
    }
    let mut g = Gen::new(7);
    for &bif in Bif::ALL {
        assert_eq!(g.args(bif).len(), bif.arity() as usize);
    }
    assert_eq!(
        split_list("[{ok,'a,b'},[1,2],#{a => 1,b => 2},'\\'',fun m:f/1]").unwrap(),
        vec![
            "{ok,'a,b'}",
            "[1,2]",
            "#{a => 1,b => 2}",
            "'\\''",
            "fun m:f/1"
        ]
    );
}

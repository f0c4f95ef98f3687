// Runs beamwasm's compiler built for wasm32 (examples/wasm32_compiler.rs) in Node over .beam
// files and checks that it writes exactly what the native build wrote:
//   node examples/wasm32_compiler.mjs COMPILER.wasm NATIVE_DIR [--per-label] FILE.beam...
// where NATIVE_DIR holds `beamwasm compile FILE.beam... -o NATIVE_DIR`'s output. Each module
// gets a fresh instance (a panic is a trap, after which an instance is unusable). Exits 1 on
// any difference, compile error or trap, naming the module.
import fs from 'node:fs';
import path from 'node:path';

const [compilerPath, nativeDir, ...rest] = process.argv.slice(2);
const perLabel = rest[0] === '--per-label' ? 1 : 0;
const beams = perLabel ? rest.slice(1) : rest;
if (!compilerPath || !nativeDir || beams.length === 0) {
  console.error('usage: wasm32_compiler.mjs COMPILER.wasm NATIVE_DIR [--per-label] FILE.beam...');
  process.exit(2);
}
const compiler = await WebAssembly.compile(fs.readFileSync(compilerPath));
const started = performance.now();
const failures = [];
for (const beamPath of beams) {
  const name = path.basename(beamPath, '.beam');
  const e = (await WebAssembly.instantiate(compiler, {})).exports;
  const output = () =>
    Buffer.from(new Uint8Array(e.memory.buffer, e.beamwasm_output(), e.beamwasm_output_len()));
  const beam = fs.readFileSync(beamPath);
  const at = e.beamwasm_input(beam.length); // may grow the memory: take the view after
  new Uint8Array(e.memory.buffer, at, beam.length).set(beam);
  let n;
  try {
    n = e.beamwasm_compile(perLabel);
  } catch (trap) {
    failures.push(`${name}: trap (${trap.message}): ${output().toString()}`);
    continue;
  }
  if (n < 0) {
    failures.push(`${name}: ${output().toString()}`);
    continue;
  }
  const native = fs.readFileSync(path.join(nativeDir, `${name}.wasm`));
  if (!output().equals(native)) failures.push(`${name}: differs from the native build's output`);
}
const ms = (performance.now() - started).toFixed(0);
for (const failure of failures) console.error(`wasm32 compiler: ${failure}`);
console.log(
  `wasm32 compiler: ${beams.length - failures.length}/${beams.length} modules as the native build writes them (${ms} ms in Node)`,
);
process.exit(failures.length === 0 ? 0 : 1);

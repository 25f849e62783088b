// fast-check arbitraries for a contract function's arguments, read off its ABI: random but
// well-typed calls (so the call reaches the contract's own checks rather than the ABI encoder).
import fc from "fast-check";
import { bytesToHex, type AbiFunction, type AbiParameter } from "viem";

const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => bytesToHex(b));

/** An arbitrary for one ABI parameter. */
export function abiArbitrary(p: AbiParameter): fc.Arbitrary<unknown> {
  const t = p.type;
  if (t.endsWith("[]")) return fc.array(abiArbitrary({ ...p, type: t.slice(0, -2) } as AbiParameter), { maxLength: 4 });
  if (t === "address") return hex(20);
  if (t === "bool") return fc.boolean();
  if (t === "string") return fc.string({ maxLength: 40 });
  if (t === "bytes") return fc.uint8Array({ maxLength: 200 }).map((b) => bytesToHex(b));
  if (t === "tuple") {
    const comps = (p as { components?: readonly AbiParameter[] }).components ?? [];
    return fc.record(Object.fromEntries(comps.map((c) => [c.name ?? "", abiArbitrary(c)])));
  }
  const fixed = /^bytes(\d+)$/.exec(t);
  if (fixed) return hex(Number(fixed[1]));
  const uint = /^uint(\d+)$/.exec(t);
  if (uint) {
    const bits = Number(uint[1]);
    const max = (1n << BigInt(bits)) - 1n;
    return bits <= 48 ? fc.integer({ min: 0, max: Number(max) }) : fc.bigInt({ min: 0n, max });
  }
  throw new Error(`abiArbitrary: no arbitrary for ABI type ${t}`);
}

/** An arbitrary for a function's whole argument list. */
export function argsArbitrary(f: AbiFunction): fc.Arbitrary<unknown[]> {
  return fc.tuple(...f.inputs.map(abiArbitrary)) as fc.Arbitrary<unknown[]>;
}

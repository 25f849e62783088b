// Reading an Outbound event into the message the committee signs: what a node serves is input, so an
// event of the wrong shape is refused with an error naming the chain and the field.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { ChainAdapter, ChainEvent } from "../../../reference/chains/adapter.ts";
import { DEFAULT_PROFILES } from "../../../reference/chains/profiles.ts";
import { MalformedEventError } from "../../../reference/chains/errors.ts";
import { messageFromOutbound, relayDigest } from "../../../reference/chains/relay-proof.ts";

const src = { profile: DEFAULT_PROFILES.B } as unknown as ChainAdapter;
const good: ChainEvent = {
  eventName: "Outbound",
  address: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  args: { srcEntryHash: `0x${"ab".repeat(32)}`, dstChainId: 7001n, dstContract: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", payload: "0x1234" },
  transactionHash: `0x${"cd".repeat(32)}`,
  blockNumber: 1n,
  logIndex: 0,
} as unknown as ChainEvent;

describe("messageFromOutbound", () => {
  it("reads a well-formed event into a message the committee can sign", () => {
    const m = messageFromOutbound(src, good);
    expect(m).toMatchObject({ srcChainId: 7002n, dstChainId: 7001n, payload: "0x1234" });
    expect(relayDigest(m)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("refuses every malformed field with a typed error naming the chain and the field", () => {
    const cases: [string, Partial<ChainEvent> & { args?: object }, RegExp][] = [
      ["emitter", { address: "0x5FbDB2315678afecb367f032d93F642f64180a" as never }, /emitting contract .* is not a 20-byte address/],
      ["destination", { args: { ...(good.args as object), dstContract: "0x1234" } }, /destination contract 0x1234 is not a 20-byte address/],
      ["entry hash", { args: { ...(good.args as object), srcEntryHash: "0xabcd" } }, /entry hash 0xabcd is not 32 bytes/],
      ["chain id", { args: { ...(good.args as object), dstChainId: 0n } }, /destination chain id 0 is not a positive integer/],
      ["payload", { args: { ...(good.args as object), payload: "zz" } }, /payload is not hex bytes/],
    ];
    for (const [what, patch, message] of cases) {
      const e = (() => {
        try {
          messageFromOutbound(src, { ...good, ...patch } as ChainEvent);
        } catch (x) {
          return x;
        }
      })();
      expect(e, what).toBeInstanceOf(MalformedEventError);
      expect((e as Error).message, what).toMatch(message);
      expect((e as Error).message, what).toContain("chain B (requesting hospital)");
    }
  });

  it("never lets a wrongly sized address through to the signer (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }).filter((n) => n !== 20), fc.uint8Array({ minLength: 40, maxLength: 40 }), (n, bytes) => {
        const addr = `0x${Buffer.from(bytes.slice(0, n)).toString("hex")}`;
        expect(() => messageFromOutbound(src, { ...good, address: addr } as unknown as ChainEvent)).toThrow(MalformedEventError);
      }),
    );
  });
});

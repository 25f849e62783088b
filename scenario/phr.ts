// Synthetic personal health records: a vital-sign series in a FHIR-like Observation bundle, from a
// seeded generator so a demo run is reproducible.
import { seededRng } from "../reference/crypto/index.ts";

/** A FHIR-like bundle of vital-sign observations for one patient. */
export interface PhrBundle {
  resourceType: "Bundle";
  type: "collection";
  patient: string;
  device: string;
  entry: { resource: { resourceType: "Observation"; code: string; unit: string; effectiveDateTime: string; valueQuantity: number } }[];
}

const VITALS = [
  { code: "8867-4", name: "heart-rate", unit: "/min", base: 72, spread: 18 },
  { code: "59408-5", name: "spo2", unit: "%", base: 97, spread: 3 },
  { code: "8310-5", name: "body-temperature", unit: "Cel", base: 36.8, spread: 0.8 },
  { code: "8480-6", name: "systolic-bp", unit: "mm[Hg]", base: 120, spread: 20 },
] as const;

/** `samples` readings of each vital sign, starting at `start`, one a minute. */
export function syntheticPhr(seed: string, patient: string, device: string, samples = 6, start = Date.UTC(2026, 10, 23, 8)): PhrBundle {
  const rng = seededRng(`MedExChain/phr/v1/${seed}`);
  const uniform = () => new DataView(rng(4).buffer).getUint32(0) / 2 ** 32;
  const entry: PhrBundle["entry"] = [];
  for (let i = 0; i < samples; i++)
    for (const v of VITALS)
      entry.push({
        resource: {
          resourceType: "Observation",
          code: `http://loinc.org|${v.code}`,
          unit: v.unit,
          effectiveDateTime: new Date(start + i * 60_000).toISOString(),
          valueQuantity: Math.round((v.base + (uniform() - 0.5) * v.spread) * 10) / 10,
        },
      });
  return { resourceType: "Bundle", type: "collection", patient, device, entry };
}

/** Canonical bytes of a bundle (what the device encrypts). */
export function phrBytes(b: PhrBundle): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(b));
}

import type { IdempotencyRecord, SettlementRecord, SettlementState } from "@x402kit/core";

/** A row of `settlements` as the driver returns it (jsonb parsed, timestamptz as Date). */
export type SettlementRow = {
  key: string;
  state: SettlementState;
  network: string;
  payer: string | null;
  transaction: string | null;
  response: SettlementRecord["response"] | null;
  acknowledged: boolean;
  delivery_token: string | null;
  payload: SettlementRecord["payload"];
  requirements: SettlementRecord["requirements"];
  owner: string;
  created_at: Date;
  updated_at: Date;
};

export const settlementColumns =
  'key, state, network, payer, "transaction", response, acknowledged, delivery_token, payload, requirements, owner, created_at, updated_at';

export function settlementFromRow(row: SettlementRow): SettlementRecord {
  return {
    key: row.key,
    state: row.state,
    network: row.network,
    payer: row.payer ?? undefined,
    transaction: row.transaction ?? undefined,
    response: row.response ?? undefined,
    acknowledged: row.acknowledged,
    ...(row.delivery_token === null ? {} : { deliveryToken: row.delivery_token }),
    payload: row.payload,
    requirements: row.requirements,
    owner: row.owner,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
  };
}

export type IdempotencyRow = {
  id: string;
  payload_hash: string;
  response: IdempotencyRecord["response"] | null;
  created_at: Date;
};

export function idempotencyFromRow(row: IdempotencyRow): IdempotencyRecord {
  return {
    id: row.id,
    payloadHash: row.payload_hash,
    response: row.response ?? undefined,
    createdAt: row.created_at.getTime(),
  };
}

/** jsonb parameters go over the wire as JSON text: the driver would turn a JS array into a PostgreSQL array. */
export function toJsonb(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

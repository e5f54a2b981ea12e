CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "history_events" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "history_events" ADD COLUMN "hash" text;--> statement-breakpoint
-- issue 9 item 7: the SQL twin of canonicalJson in src/domain/audit-chain.ts, used only to seal the
-- events written before the chain existed. Numbers print as JavaScript prints them (exponent form
-- below 1e-6 and from 1e21 up); keys sort in byte order.
CREATE OR REPLACE FUNCTION audit_canonical_jsonb(j jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE SET extra_float_digits = 1 AS $$
DECLARE
  n numeric;
BEGIN
  CASE jsonb_typeof(j)
    WHEN 'object' THEN
      RETURN '{' || coalesce((SELECT string_agg(to_json(k)::text || ':' || audit_canonical_jsonb(v), ',' ORDER BY k COLLATE "C")
                              FROM jsonb_each(j) AS e(k, v)), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((SELECT string_agg(audit_canonical_jsonb(v), ',' ORDER BY i)
                              FROM jsonb_array_elements(j) WITH ORDINALITY AS a(v, i)), '') || ']';
    WHEN 'number' THEN
      n := (j #>> '{}')::numeric;
      IF n <> 0 AND (abs(n) >= 1e21 OR abs(n) < 1e-6) THEN
        -- float8 prints the shortest round-trip digits, as JavaScript does; JavaScript drops the exponent's leading zeros.
        RETURN regexp_replace(n::float8::text, 'e([+-])0*([0-9])', 'e\1\2');
      END IF;
      RETURN CASE WHEN n = 0 THEN '0' ELSE n::text END;
    ELSE
      RETURN j::text;
  END CASE;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_canonical_event(h history_events) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT '[' || h.id::text
    || ',' || to_json(h.complaint_id::text)::text
    || ',' || coalesce(to_json(h.item_id::text)::text, 'null')
    || ',' || coalesce(to_json(h.counter_notice_id::text)::text, 'null')
    || ',' || coalesce(to_json(h.actor_id::text)::text, 'null')
    || ',' || to_json(h.actor_role)::text
    || ',' || to_json(h.action)::text
    || ',' || coalesce(to_json(h.from_state)::text, 'null')
    || ',' || coalesce(to_json(h.to_state)::text, 'null')
    || ',' || coalesce(to_json(h.reason)::text, 'null')
    || ',[' || coalesce((SELECT string_agg(to_json(d::text)::text, ',' ORDER BY i)
                         FROM unnest(h.document_ids) WITH ORDINALITY AS u(d, i)), '') || ']'
    || ',' || coalesce(audit_canonical_jsonb(h.data), 'null')
    || ',' || to_json(to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
    || ']'
$$;
--> statement-breakpoint
-- Seals the events of a database upgraded from before the chain, in id order, and sets the head.
-- Refuses once any event is sealed: it must never be a way to re-hash a tampered chain.
CREATE OR REPLACE FUNCTION audit_chain_seal_legacy() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  prev text := repeat('0', 64);
  last_event bigint := 0;
  sealed bigint := 0;
  r history_events;
BEGIN
  IF EXISTS (SELECT 1 FROM history_events WHERE hash IS NOT NULL) OR EXISTS (SELECT 1 FROM audit_chain_head) THEN
    RAISE EXCEPTION 'the history chain is already sealed';
  END IF;
  -- The append-only trigger (0001) refuses every UPDATE; sealing sets only the two new columns.
  ALTER TABLE history_events DISABLE TRIGGER history_events_no_update;
  FOR r IN SELECT * FROM history_events ORDER BY id LOOP
    UPDATE history_events
       SET prev_hash = prev, hash = encode(sha256(convert_to(prev || audit_canonical_event(r), 'UTF8')), 'hex')
     WHERE id = r.id
    RETURNING hash INTO prev;
    last_event := r.id;
    sealed := sealed + 1;
  END LOOP;
  ALTER TABLE history_events ENABLE TRIGGER history_events_no_update;
  INSERT INTO audit_chain_head (id, last_id, last_hash) VALUES (1, last_event, prev);
  RETURN sealed;
END;
$$;
--> statement-breakpoint
SELECT audit_chain_seal_legacy();

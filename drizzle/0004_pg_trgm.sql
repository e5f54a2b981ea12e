-- Item and queue search (docs/decisions/006-queue-indexes-and-text-search.md).
-- pg_trgm: substring search (ILIKE '%…%') on case numbers, names, item titles and descriptions.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Chinese, Japanese and Korean text has no spaces, and pg_trgm ignores these characters when the
-- database's LC_CTYPE is C: every CJK character and every pair of neighbours becomes a token, so a
-- one- or two-character word (鞋, 耐克) is found inside a sentence by a GIN index on the array.
-- Built from a few regular-expression passes (no per-character loop): about 40 µs for a 100-character text.
CREATE OR REPLACE FUNCTION rightsdesk_cjk_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_remove(
    -- the pairs starting at even offsets of each run, then (dropping each run's first character) the odd ones
    array(SELECT (regexp_matches(t, '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2}', 'g'))[1])
    || array(SELECT (regexp_matches(regexp_replace(t, '(^|[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff])[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]', '\1', 'g'), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]{2}', 'g'))[1])
    -- and every single character
    || regexp_split_to_array(regexp_replace(t, '[^\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+', '', 'g'), ''),
    '')
$$;

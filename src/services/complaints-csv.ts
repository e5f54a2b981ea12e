import { CsvError, parse } from 'csv-parse/sync';
import { type FieldError, invalid, invalidMany } from '../server/problem.ts';
import { type ItemInput, itemInput, MAX_ITEMS } from '../server/schemas/complaints.ts';
import { MAX_ERRORS } from './complaint-items.ts';

/** The columns of the bulk upload (SPEC §6: bulk upload by CSV); the header names them in any order. */
export const csvColumns = [
  'listingUrl',
  'listingExternalId',
  'sellerExternalId',
  'sellerName',
  'title',
  'description',
  'infringementType',
  'rightId',
  'evidenceDocumentIds',
] as const;
type CsvColumn = (typeof csvColumns)[number];

const requiredColumns: readonly CsvColumn[] = ['description', 'infringementType'];

/**
 * Parses a CSV of items into the same shape as the JSON body and validates it with the same
 * schema. Errors name `items.<index>.<column>` (index from 0, as in JSON) and say the CSV line;
 * any error → 400 with at most MAX_ERRORS of them. Returns the items and the line each ends on.
 */
export function parseItemsCsv(text: string): { items: ItemInput[]; lines: number[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (err) {
    if (err instanceof CsvError) throw invalid('file', `is not valid CSV: ${err.message}`);
    throw err;
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('file', 'is empty; send a header line and one line per item');
  const columns = header.record;
  const errors: FieldError[] = [];
  columns.forEach((name, i) => {
    if (!(csvColumns as readonly string[]).includes(name)) {
      errors.push({ field: `columns.${i}`, message: `unknown column '${name}'; known: ${csvColumns.join(', ')}` });
    } else if (columns.indexOf(name) !== i) {
      errors.push({ field: `columns.${i}`, message: `column '${name}' appears twice` });
    }
  });
  for (const name of requiredColumns) {
    if (!columns.includes(name)) errors.push({ field: 'columns', message: `the column '${name}' is required` });
  }
  if (!columns.includes('listingUrl') && !columns.includes('listingExternalId')) {
    errors.push({ field: 'columns', message: "a column 'listingUrl' or 'listingExternalId' is required" });
  }
  if (errors.length) throw invalidMany(errors);
  if (rows.length === 0) throw invalid('file', 'has a header but no items');
  if (rows.length > MAX_ITEMS)
    throw invalid('items', `a complaint holds at most ${MAX_ITEMS} items; the file has ${rows.length}`);

  const items: ItemInput[] = [];
  rows.forEach(({ record, info }, index) => {
    const raw: Record<string, unknown> = {};
    columns.forEach((name, i) => {
      const value = record[i];
      if (value === undefined || value === '') return;
      raw[name] =
        name === 'evidenceDocumentIds'
          ? value
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : value;
    });
    const parsed = itemInput.safeParse(raw);
    if (parsed.success) {
      items.push(parsed.data);
      return;
    }
    for (const issue of parsed.error.issues) {
      if (errors.length >= MAX_ERRORS) break;
      const column = issue.path.length ? issue.path.map(String).join('.') : 'row';
      errors.push({ field: `items.${index}.${column}`, message: `${issue.message} (CSV line ${info.lines})` });
    }
  });
  if (errors.length) throw invalidMany(errors);
  return { items, lines: rows.map((r) => r.info.lines) };
}

/** Adds the CSV line to errors found after parsing, e.g. an evidence document that is not the filer's. */
export function withCsvLines(errors: FieldError[], lines: readonly number[]): FieldError[] {
  return errors.map((e) => {
    const index = /^items\.(\d+)\./.exec(e.field)?.[1];
    const line = index === undefined ? undefined : lines[Number(index)];
    return line === undefined ? e : { ...e, message: `${e.message} (CSV line ${line})` };
  });
}

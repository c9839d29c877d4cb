import { withImportedPacks } from '../domain/imported-packs.ts';
import type { TranslationPackText } from '../domain/instrument-schema.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { checkPackFile, checkPackSize, type PackProblem } from '../domain/translation-pack.ts';
import { listPackRecords, readStoredPacks } from '../storage/pack-repository.ts';
import { markPackRemoved, savePack } from '../storage/pack-writes.ts';
import type { PackRecord } from '../storage/records.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { WorkflowContext } from './workflow-context.ts';

/*
 * Settings → Translations: a clinic that holds a licensed translation of an instrument imports it as a pack file
 * (`<instrument>.<language>.json`), and can then give the instrument in that language. After an import or a removal
 * the caller refreshes the app's catalogue (`useRefreshCatalogue`), which merges the stored packs again.
 */

/** One stored pack as Settings lists it. */
export type PackSummary = {
  readonly hash: string;
  readonly instrumentId: string;
  readonly language: string;
  readonly version: string;
  /** Null only when the stored text no longer reads as a pack (see `problems`). */
  readonly provenance: TranslationPackText['provenance'] | null;
  readonly importedAt: string;
  readonly removedAt: string | null;
  /** Why the catalogue leaves the pack out (damaged storage, another instrument version after an update); else empty. */
  readonly problems: readonly string[];
};

/** Why an import was refused; nothing was written. */
export type ImportProblem =
  | PackProblem
  | { readonly code: 'unreadable' }
  | { readonly code: 'already-imported'; readonly instrument: string; readonly language: string }
  | { readonly code: 'storage'; readonly error: StorageError };

/** A chosen file: its size is checked before its text is read (a `File` fits). */
export type PackFile = {
  /** Shown nowhere and not checked: the content says which instrument and language it is. */
  readonly fileName?: string;
  readonly size: number;
  readonly text: () => Promise<string>;
};

/**
 * Imports a pack file: size (before reading), JSON, instrument, version, every item and option (`checkPackFile`),
 * not a language the app has built in; then stores it as the pack offered for its instrument and language (one
 * imported earlier for the same language is no longer offered, and stays for the assessments given in it).
 */
export async function importPack(ctx: Pick<WorkflowContext, 'vault' | 'env' | 'catalogue'>, file: PackFile): Promise<Result<PackSummary, ImportProblem[]>> {
  const size = checkPackSize(file.size);
  if (!size.ok) return size;
  let text: string;
  try {
    text = await file.text();
  } catch {
    // The browser could not read the chosen file (moved, permissions, a cloud file not downloaded).
    return err([{ code: 'unreadable' }]);
  }
  const checked = checkPackFile(ctx.catalogue, text);
  if (!checked.ok) return checked;
  const pack = checked.value;
  const saved = await savePack(ctx.vault.db, { text, instrumentId: pack.instrument, language: pack.language, version: pack.version }, ctx.env.now());
  if (!saved.ok) return err([{ code: 'storage', error: saved.error }]);
  if (saved.value.outcome === 'already-offered') return err([{ code: 'already-imported', instrument: pack.instrument, language: pack.language }]);
  return ok(summarise(saved.value.record, pack, []));
}

/** Stops offering an imported pack; assessments given in it keep its words (the row stays, marked removed). */
export async function removePack(ctx: Pick<WorkflowContext, 'vault' | 'env'>, hash: string): Promise<Result<void, StorageError>> {
  const removed = await markPackRemoved(ctx.vault.db, hash, ctx.env.now());
  return removed.ok ? ok(undefined) : removed;
}

/** Every imported pack on this tablet, removed ones included (oldest import first), with what keeps one out. */
export async function listPacks(ctx: Pick<WorkflowContext, 'vault' | 'catalogue'>): Promise<Result<PackSummary[], StorageError>> {
  const [rows, stored] = await Promise.all([listPackRecords(ctx.vault.db), readStoredPacks(ctx.vault.db)]);
  if (!rows.ok) return rows;
  if (!stored.ok) return stored;
  const merged = withImportedPacks(ctx.catalogue, stored.value);
  const skipped = new Map(merged.skipped.map((s) => [s.hash, s.problems]));
  const kept = new Map(merged.catalogue.instruments.flatMap((i) => Object.values(i.archive ?? {}).map((p) => [p.hash, p] as const)));
  return ok(rows.value.map((row) => summarise(row, kept.get(row.hash) ?? null, skipped.get(row.hash) ?? [])));
}

function summarise(row: PackRecord, pack: TranslationPackText | null, problems: readonly string[]): PackSummary {
  const { hash, instrumentId, language, version, importedAt, removedAt } = row;
  return { hash, instrumentId, language, version, provenance: pack?.provenance ?? null, importedAt, removedAt, problems };
}

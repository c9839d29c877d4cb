import type { AdministeredText } from '../domain/assessment-schema.ts';
import type { EffortTaskRecord } from '../domain/effort-task/task-record.ts';
import type { RewardTaskRecord } from '../domain/prt/task-record.ts';
import type { Catalogue, Instrument } from '../domain/instrument-catalogue.ts';
import { recordPatientAnswer, type PatientSession } from '../domain/patient-session.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { isRecord, isRecordOf, isString } from '../domain/value-checks.ts';
import type { AppDatabase } from '../storage/database.ts';
import { patientSealOf, readHandedOver, savePatientAnswer, savePatientEffortTask, savePatientRewardTask, savePatientFinished, type PatientSeal } from '../storage/patient-inbox.ts';
import type { StorageError } from '../storage/storage-error.ts';
import type { Environment } from '../domain/ids.ts';
import { createWriteQueue } from './write-queue.ts';

/** Patient mode's assessment, opened: the seal its answers go to, what it knows, its instruments in order. */
export type OpenedPatientSession = { readonly seal: PatientSeal; readonly session: PatientSession; readonly instruments: readonly Instrument[] };

/** One instrument's text as the hand-over's plan records it (`administeredTextSchema`, checked by hand: no zod here). */
const isAdministeredText = (value: unknown): value is AdministeredText =>
  isRecord(value) &&
  isString(value.language) &&
  value.language !== '' &&
  isString(value.version) &&
  (value.packHash === null || isString(value.packHash)) &&
  (value.reading === 'respondent' || value.reading === 'clinician-read');

const readTexts = (value: unknown): Record<string, AdministeredText> | undefined =>
  isRecordOf(value, isAdministeredText)
    ? Object.fromEntries(Object.entries(value).map(([id, t]) => [id, { language: t.language, version: t.version, packHash: t.packHash, reading: t.reading }]))
    : undefined;

/**
 * Opens the handed-over assessment for the patient. `known` is what the clinician had open at the hand-over (every
 * answer's value); after a reload there is none, and the session is rebuilt from what is stored in the clear.
 */
export async function openPatientSession(
  ctx: { readonly db: AppDatabase; readonly catalogue: Catalogue },
  assessmentId: string,
  known: PatientSession | null,
): Promise<Result<OpenedPatientSession, StorageError>> {
  const found = await readHandedOver(ctx.db, assessmentId);
  if (!found.ok) return found;
  const { handover } = found.value;
  const seal = await patientSealOf(handover);
  if (!seal.ok) return seal;
  const instruments = found.value.instruments.flatMap(({ id }) => ctx.catalogue.instruments.filter((i) => i.definition.id === id));
  // Never a session that silently leaves a questionnaire out: staff take the tablet back and see why.
  const missing = found.value.instruments.filter(({ id }) => !instruments.some((i) => i.definition.id === id)).map(({ id }) => id);
  if (missing.length > 0) return err({ code: 'unknown', detail: `the hand-over gives ${missing.join(', ')}, which this build does not have` });
  if (known?.assessmentId === assessmentId) return ok({ seal: seal.value, session: known, instruments });
  const texts = readTexts(handover.texts);
  const effortTask = await readEffortTask(handover.effortTask);
  const rewardTask = await readRewardTask(handover.rewardTask);
  if (!texts || !effortTask || !rewardTask) return err({ code: 'unknown', detail: 'the hand-over’s plan does not read' });
  const session: PatientSession = {
    assessmentId,
    instruments: found.value.instruments,
    language: handover.language,
    texts,
    answers: {},
    answeredEarlier: found.value.answered,
    alertOpen: found.value.alertOpen,
    effortTask: effortTask.kind === 'fresh' ? effortTask.record : null,
    effortTaskWithStaff: effortTask.kind === 'begun',
    rewardTask: rewardTask.kind === 'fresh' ? rewardTask.record : null,
    rewardTaskWithStaff: rewardTask.kind === 'begun',
    finished: handover.finishedAt !== null,
  };
  return ok({ seal: seal.value, session, instruments });
}

type StoredTask<R> = { readonly kind: 'none' | 'begun' } | { readonly kind: 'fresh'; readonly record: R } | null;
type RecordCheck<R> = { readonly safeParse: (value: unknown) => { success: true; data: R } | { success: false } };

/**
 * A game's state in the plan (`HandoverTask`); its record's schema (zod) loads only when there is a task to give.
 * Absent (a hand-over begun by a build before that game existed): none given.
 */
async function readTask<R>(stored: unknown, schema: () => Promise<RecordCheck<R>>): Promise<StoredTask<R>> {
  if (stored === undefined) return { kind: 'none' };
  if (!isRecord(stored)) return null;
  const { kind } = stored;
  if (kind === 'none' || kind === 'begun') return { kind };
  if (kind !== 'fresh') return null;
  const record = (await schema()).safeParse(stored.record);
  return record.success ? { kind: 'fresh', record: record.data } : null;
}

const readEffortTask = (stored: unknown) => readTask<EffortTaskRecord>(stored, () => import('../domain/effort-task/task-record.ts').then((m) => m.effortTaskRecordSchema));
const readRewardTask = (stored: unknown) => readTask<RewardTaskRecord>(stored, () => import('../domain/prt/task-record.ts').then((m) => m.rewardTaskRecordSchema));

/** What the patient writer reports on every change: the session in memory, the failure shown, how many writes wait. */
export type PatientWriterState = { readonly session: PatientSession; readonly problem: StorageError | null; readonly pending: number };

export type PatientWriter = {
  /** Records an answer in memory, queues its write, and returns the safety alerts it raises on its own. */
  readonly answer: (instrument: Instrument, itemId: string, code: string, durationMs: number) => readonly string[];
  /** Records a step of the effort task, written like an answer. */
  readonly saveEffortTask: (effortTask: EffortTaskRecord) => void;
  /** Records a trial of the reward task, written like an answer. */
  readonly saveRewardTask: (rewardTask: RewardTaskRecord) => void;
  readonly flush: () => Promise<Result<void, StorageError>>;
  /** Writes what is queued, then marks the hand-over finished (staff score it when they take the tablet back). */
  readonly finish: () => Promise<Result<void, StorageError>>;
};

/** The ordered writer of patient mode: like `createAnswerWriter`, but everything is sealed to the inbox key. */
export function createPatientWriter(
  ctx: { readonly db: AppDatabase; readonly env: Pick<Environment, 'now'> },
  opened: OpenedPatientSession,
  onChange: (state: PatientWriterState) => void,
): PatientWriter {
  const { db, env } = ctx;
  const { seal } = opened;
  let current = opened.session;
  const queue = createWriteQueue(db, () => onChange({ session: current, problem: queue.problem(), pending: queue.pending() }));

  return {
    answer: (instrument, itemId, code, durationMs) => {
      const record = { code, answeredAt: env.now(), durationMs };
      const recorded = recordPatientAnswer(current, instrument.definition, itemId, record);
      current = recorded.session;
      queue.push(() => savePatientAnswer(db, seal, instrument.definition.id, itemId, record, recorded.raised.length > 0));
      return recorded.raised;
    },
    saveEffortTask: (effortTask) => {
      current = { ...current, effortTask };
      queue.push(() => savePatientEffortTask(db, seal, effortTask));
    },
    saveRewardTask: (rewardTask) => {
      current = { ...current, rewardTask };
      queue.push(() => savePatientRewardTask(db, seal, rewardTask));
    },
    flush: queue.flush,
    finish: async () => {
      const flushed = await queue.flush();
      if (!flushed.ok) return flushed;
      const saved = await savePatientFinished(db, seal, env.now());
      if (!saved.ok) return queue.fail(saved.error);
      current = { ...current, finished: true };
      queue.succeeded();
      return ok(undefined);
    },
  };
}

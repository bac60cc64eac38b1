import { EnvSchema } from '@berth/core';
import { z } from 'zod';

/**
 * Messages about a session's stateful interpreter contexts (the session manager's `createContext`,
 * `listContexts`, `restartContext`, `closeContext`, `runInContext`) and the `codeOutput` frames a run streams
 * (`runInContext`, or `executeCode` with `stream: true`) before its `codeResult`.
 */

const id = z.string().min(1).max(256);
const requestId = z.string().min(1).max(128).optional();

/** Languages with stateful contexts. */
export const CONTEXT_LANGUAGES_WIRE = ['python', 'javascript', 'typescript', 'bash'] as const;

/** Schema of a context language on the wire. */
export const ContextLanguageWireSchema = z.enum(CONTEXT_LANGUAGES_WIRE);

/** Largest code of a `runInContext` / `executeCode`, in characters. */
export const MAX_WIRE_CODE_CHARS = 256 * 1024;

/** Longest `timeoutMs` of a run asked over the wire, ms. */
export const MAX_WIRE_TIMEOUT_MS = 600_000;

/**
 * `createContext { sessionId, language, cwd?, env?, requestId? }` (operator): opens an interpreter context in the
 * session (`python`, `javascript`, `typescript`, `bash`), in its own working directory and env over the session's.
 */
export const CreateContextMessageSchema = z.strictObject({
  type: z.literal('createContext'),
  sessionId: id,
  language: ContextLanguageWireSchema,
  cwd: z
    .string()
    .min(1)
    .max(4096)
    .refine((c) => !c.includes('\0'), { message: 'cwd must not contain NUL' })
    .optional(),
  env: EnvSchema.optional(),
  requestId,
});

/** `listContexts { sessionId?, requestId? }` (reader): the open contexts, of every session or of one. */
export const ListContextsMessageSchema = z.strictObject({
  type: z.literal('listContexts'),
  sessionId: id.optional(),
  requestId,
});

/** `restartContext { contextId, requestId? }` (operator): a fresh interpreter, every variable gone. */
export const RestartContextMessageSchema = z.strictObject({
  type: z.literal('restartContext'),
  contextId: id,
  requestId,
});

/** `closeContext { contextId, requestId? }` (operator): stops the context's interpreter. */
export const CloseContextMessageSchema = z.strictObject({
  type: z.literal('closeContext'),
  contextId: id,
  requestId,
});

/**
 * `runInContext { contextId, code, timeoutMs?, requestId? }` (operator): runs code in a context, notebook style.
 * Its output streams as `codeOutput` frames (bounded) while it runs, then `codeResult` carries the result.
 */
export const RunInContextMessageSchema = z.strictObject({
  type: z.literal('runInContext'),
  contextId: id,
  code: z.string().min(1).max(MAX_WIRE_CODE_CHARS),
  timeoutMs: z.number().int().positive().max(MAX_WIRE_TIMEOUT_MS).optional(),
  requestId,
});

const envelope = {
  containerID: z.string().optional(),
  sessionId: z.string().optional(),
  hostId: z.string().optional(),
  timestamp: z.string(),
};

/** A context as the hub reports it (`SessionContextInfo`). */
export const ContextInfoWireSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  language: z.string(),
  cwd: z.string().optional(),
});

/** `contextCreated`: the new context. */
export const ContextCreatedFrameSchema = z.object({
  type: z.literal('contextCreated'),
  ...envelope,
  data: z.object({ context: ContextInfoWireSchema, requestId: z.string().optional() }),
});

/** `contextList`: the open contexts. */
export const ContextListFrameSchema = z.object({
  type: z.literal('contextList'),
  ...envelope,
  data: z.object({ contexts: z.array(ContextInfoWireSchema), requestId: z.string().optional() }),
});

/** `contextRestarted`: the context, with a fresh interpreter. */
export const ContextRestartedFrameSchema = z.object({
  type: z.literal('contextRestarted'),
  ...envelope,
  data: z.object({ context: ContextInfoWireSchema, requestId: z.string().optional() }),
});

/** `contextClosed`: the context id that was closed. */
export const ContextClosedFrameSchema = z.object({
  type: z.literal('contextClosed'),
  ...envelope,
  data: z.object({ contextId: z.string(), requestId: z.string().optional() }),
});

/**
 * `codeOutput`: a piece of a run's output while it runs (`seq` from 1 per run, in order; the `codeResult` of the
 * same `requestId` comes after the last one). Pieces are coalesced and cut to bounded frames.
 */
export const CodeOutputFrameSchema = z.object({
  type: z.literal('codeOutput'),
  ...envelope,
  data: z.object({
    seq: z.number(),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
    contextId: z.string().optional(),
    requestId: z.string().optional(),
  }),
});

/** `createContext`. */
export type CreateContextMessage = z.infer<typeof CreateContextMessageSchema>;
/** `listContexts`. */
export type ListContextsMessage = z.infer<typeof ListContextsMessageSchema>;
/** `restartContext`. */
export type RestartContextMessage = z.infer<typeof RestartContextMessageSchema>;
/** `closeContext`. */
export type CloseContextMessage = z.infer<typeof CloseContextMessageSchema>;
/** `runInContext`. */
export type RunInContextMessage = z.infer<typeof RunInContextMessageSchema>;
/** Any context request. */
export type ContextMessage =
  | CreateContextMessage
  | ListContextsMessage
  | RestartContextMessage
  | CloseContextMessage
  | RunInContextMessage;
/** A context language on the wire. */
export type ContextLanguageWire = z.infer<typeof ContextLanguageWireSchema>;
/** A context as the hub reports it. */
export type ContextInfoWire = z.infer<typeof ContextInfoWireSchema>;

// Shapes of the server's JSON answers as the tests read them (wcs-api.md). Tests parse an answer
// with one of these (`answer.as(Stat)`) instead of reaching into untyped JSON, so a changed
// field fails the parse with the field's name rather than as a confusing `undefined`.
// Loose objects: fields a test does not name are kept, so `toMatchObject`/`toEqual` still see them.
import { z } from 'zod';

/** Any refusal: `{"code": <status>, "message": "…"}` (§1.2). */
export const ErrorBody = z.looseObject({ code: z.number(), message: z.string() });

/** Upload answer (default returnBody) and a custom returnBody's fields. */
export const Uploaded = z.looseObject({ hash: z.string(), key: z.string() });

/** mkblk / bput answer (§4.2). */
export const BlockCtx = z.looseObject({ ctx: z.string(), offset: z.number(), crc32: z.number(), checksum: z.string() });

/** `GET /stat/<entry>`: numbers quoted as the doc shows them. */
export const Stat = z.looseObject({
  name: z.string(),
  hash: z.string(),
  fsize: z.string(),
  putTime: z.string(),
  expirationDate: z.string(),
});

export const ListItem = z.looseObject({ key: z.string(), hash: z.string(), fsize: z.number(), putTime: z.number(), expirationDate: z.string() });

/** One page of `GET /list`: an empty marker when there is nothing more. */
export const ListPage = z.looseObject({ marker: z.string(), items: z.array(ListItem) });

/** A page listed with `mode` (0 or 1): sub-directories in commonPrefixes. */
export const DirPage = ListPage.extend({ commonPrefixes: z.array(z.string()) });

export const BucketList = z.looseObject({ buckets: z.array(z.looseObject({ name: z.string() })) });

/** `GET /bucket/stat`. */
export const BucketStat = z.looseObject({
  buckets: z.array(z.looseObject({ name: z.string(), detail: z.array(z.looseObject({ data_time: z.string(), storage: z.string() })) })),
});

/** `GET /bucket/statistics`. */
export const BucketStatistics = z.looseObject({
  result: z.array(z.looseObject({ name: z.string(), detail: z.array(z.looseObject({ data_time: z.string(), value: z.string() })) })),
});

/** fmgr / fops submit answer. */
export const Submitted = z.looseObject({ persistentId: z.string() });

/** fmgr / fops status (§6, §7): the job's code and one item per command. */
export const JobStatus = z.looseObject({
  id: z.string(),
  code: z.number(),
  items: z.array(z.looseObject({ code: z.number(), key: z.string().optional(), error: z.string().nullable() })),
});

/** `GET /_wcs/requests`. */
export const RequestLog = z.looseObject({
  last: z.number(),
  entries: z.array(z.looseObject({ seq: z.number(), endpoint: z.string(), status: z.number() })),
});

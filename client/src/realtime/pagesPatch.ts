import type { InfiniteData } from '@tanstack/react-query';
import type { ChangeEvent } from '../../../shared/realtime/changes.ts';
import type { Observation } from '../../../shared/schemas/observation.ts';
import type { ObservationFilter } from '../../../shared/schemas/series.ts';
import type { ObservationPage } from '../../../shared/schemas/session.ts';
import { isSameVersion } from './clinicalRecords.ts';
import { type PatchOutcome, unchanged } from './patchOutcome.ts';

/** One page as cached, with the event-log position the client had reached when it asked for it. */
export interface CachedObservationPage extends ObservationPage {
  seq: number;
}

export type ObservationPages = InfiniteData<CachedObservationPage, string | null>;

export const OBSERVATION_FILTER_TESTS: Readonly<Record<ObservationFilter, (observation: Observation) => boolean>> = {
  all: () => true,
  manual: (observation) => observation.source === 'manual',
  abnormal: (observation) => observation.abnormal,
};

/**
 * Keeps the loaded pages of the observation table current: a new reading goes in at its place
 * (newest first, as the server pages them) when it falls inside what is loaded; a correction marks
 * the original superseded and adds the new version; a withdrawal updates the row. Records are
 * upserted by id and version, so applying a change twice changes nothing.
 */
export function patchObservationPages(data: ObservationPages, change: ChangeEvent, filter: ObservationFilter): PatchOutcome<ObservationPages> {
  let pages = data.pages;
  switch (change.type) {
    case 'observation.recorded':
      pages = upsert(pages, change.payload.observation, filter, true);
      break;
    case 'observation.corrected':
      pages = upsert(upsert(pages, change.payload.replaced, filter, false), change.payload.observation, filter, true);
      break;
    case 'observation.enteredInError':
      pages = upsert(pages, change.payload.observation, filter, false);
      break;
    default:
      return unchanged(data);
  }
  return pages === data.pages ? unchanged(data) : { next: { ...data, pages }, needsSnapshot: false };
}

/** The server's order for pages: observed time, newest first, then id descending. */
function comesBefore(a: Observation, b: Observation): boolean {
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  return a.id > b.id;
}

function upsert(pages: CachedObservationPage[], observation: Observation, filter: ObservationFilter, mayInsert: boolean): CachedObservationPage[] {
  for (const [pageIndex, page] of pages.entries()) {
    const index = page.observations.findIndex((row) => row.id === observation.id);
    if (index < 0) continue;
    if (isSameVersion(page.observations[index] as Observation, observation)) return pages;
    const observations = page.observations.slice();
    observations[index] = observation;
    return replacePage(pages, pageIndex, { ...page, observations });
  }
  if (!mayInsert || !OBSERVATION_FILTER_TESTS[filter](observation)) return pages;
  for (const [pageIndex, page] of pages.entries()) {
    const last = page.observations.at(-1);
    const isLastPage = pageIndex === pages.length - 1;
    // A reading older than everything loaded arrives with the next page, unless this was the last.
    if (!isLastPage && (last === undefined || !comesBefore(observation, last))) continue;
    if (isLastPage && last !== undefined && !comesBefore(observation, last) && page.nextBefore !== null) return pages;
    let position = 0;
    while (position < page.observations.length && comesBefore(page.observations[position] as Observation, observation)) position++;
    const observations = [...page.observations.slice(0, position), observation, ...page.observations.slice(position)];
    return replacePage(pages, pageIndex, { ...page, observations });
  }
  return pages;
}

function replacePage(pages: CachedObservationPage[], index: number, page: CachedObservationPage): CachedObservationPage[] {
  const copy = pages.slice();
  copy[index] = page;
  return copy;
}

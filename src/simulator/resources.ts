/**
 * Seeded site content: the same sites always get the same projects, users, groups, workbooks, views, data sources and
 * jobs, with stable ids, so scripts pointed at the simulator see believable data and can page through it.
 */
import { randomLuid, stableLuid } from './ids.js';
import type { TsNode } from './xml/render.js';

export type Collection = 'projects' | 'users' | 'groups' | 'workbooks' | 'views' | 'datasources' | 'jobs';

export const COLLECTIONS: Record<Collection, { item: string; notFoundCode: string; label: string }> = {
  projects: { item: 'project', notFoundCode: '404005', label: 'Project' },
  users: { item: 'user', notFoundCode: '404002', label: 'User' },
  groups: { item: 'group', notFoundCode: '404011', label: 'Group' },
  workbooks: { item: 'workbook', notFoundCode: '404006', label: 'Workbook' },
  views: { item: 'view', notFoundCode: '404008', label: 'View' },
  datasources: { item: 'datasource', notFoundCode: '404012', label: 'Data source' },
  jobs: { item: 'job', notFoundCode: '404031', label: 'Job' },
};

export interface SiteUser {
  luid: string;
  name: string;
}

export interface Site {
  luid: string;
  contentUrl: string;
  name: string;
  content: Record<Collection, TsNode[]>;
}

const PROJECTS = ['Default', 'Finance', 'Sales', 'Marketing', 'Operations', 'Human Resources', 'Engineering', 'Executive', 'Archive', 'Sandbox', 'Certified Data', 'Customer Success'];
const TOPICS = ['Revenue', 'Pipeline', 'Churn', 'Headcount', 'Inventory', 'Support Tickets', 'Web Traffic', 'Campaigns', 'Forecast', 'Margins'];
const KINDS = ['Overview', 'Deep Dive', 'Weekly'];
const VIEW_KINDS = ['Summary', 'Detail'];
const GROUPS = ['All Users', 'Analysts', 'Data Stewards', 'Executives', 'Site Admins', 'Contractors'];
const ROLES = ['Viewer', 'Explorer', 'ExplorerCanPublish', 'Creator', 'SiteAdministratorExplorer'];
const DATASOURCES = ['Sales Warehouse', 'CRM Extract', 'Finance Ledger', 'HR Snapshot', 'Web Analytics', 'Support Desk', 'Inventory Feed', 'Marketing Spend', 'Forecast Model', 'Customer 360'];
const SEEDED_USERS = 24;

/** Fixed base date: seeded timestamps are stable. */
const BASE = Date.UTC(2024, 0, 15, 9, 0, 0);
const stamp = (offsetHours: number): string => new Date(BASE + offsetHours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function siteDisplayName(contentUrl: string): string {
  return contentUrl === '' ? 'Default' : contentUrl.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export function siteLuid(contentUrl: string): string {
  return stableLuid('site', contentUrl.toLowerCase());
}

export function userLuid(contentUrl: string, userName: string): string {
  return stableLuid('user', contentUrl.toLowerCase(), userName.toLowerCase());
}

/** Builds a site's seeded content. `accountNames` are the configured user names (they appear first in `users`). */
export function seedSite(contentUrl: string, accountNames: string[]): Site {
  const id = (kind: string, i: number | string) => stableLuid(kind, contentUrl.toLowerCase(), String(i));
  const owner = (i: number): TsNode => ({ name: 'owner', attrs: { id: id('seed-user', i % SEEDED_USERS) } });

  const users: TsNode[] = [
    ...accountNames.map((name, i) => ({
      name: 'user',
      attrs: { id: userLuid(contentUrl, name), name, fullName: name, siteRole: 'SiteAdministratorCreator', authSetting: 'ServerDefault', lastLogin: stamp(i) },
    })),
    ...Array.from({ length: SEEDED_USERS }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return {
        name: 'user',
        attrs: { id: id('seed-user', i), name: `user${n}@example.com`, fullName: `Example User ${n}`, siteRole: ROLES[i % ROLES.length], authSetting: 'ServerDefault', lastLogin: stamp(24 * i) },
      };
    }),
  ];

  const projects: TsNode[] = PROJECTS.map((name, i) => ({
    name: 'project',
    attrs: {
      id: id('project', i),
      name,
      description: i === 0 ? 'The default project that was automatically created by Tableau.' : `${name} content`,
      // "Archive" lives under "Operations", to show nesting.
      parentProjectId: name === 'Archive' ? id('project', PROJECTS.indexOf('Operations')) : undefined,
      contentPermissions: i % 4 === 3 ? 'LockedToProject' : 'ManagedByOwner',
      createdAt: stamp(i),
      updatedAt: stamp(i + 48),
    },
    children: [owner(i)],
  }));

  const groups: TsNode[] = GROUPS.map((name, i) => ({
    name: 'group',
    attrs: { id: id('group', i), name },
    children: [{ name: 'domain', attrs: { name: 'local' } }],
  }));

  const workbooks: TsNode[] = [];
  const views: TsNode[] = [];
  let w = 0;
  for (const topic of TOPICS) {
    for (const kind of KINDS) {
      const name = `${topic} ${kind}`;
      const slug = name.replace(/\s+/g, '');
      const project = projects[1 + (w % (projects.length - 1))];
      const projectRef: TsNode = { name: 'project', attrs: { id: project.attrs?.id, name: project.attrs?.name } };
      const wbId = id('workbook', w);
      workbooks.push({
        name: 'workbook',
        attrs: { id: wbId, name, contentUrl: slug, showTabs: w % 2 === 0, size: 1 + (w % 7), createdAt: stamp(100 + w), updatedAt: stamp(200 + w) },
        children: [projectRef, owner(w), { name: 'tags' }],
      });
      VIEW_KINDS.forEach((viewKind, v) => {
        views.push({
          name: 'view',
          attrs: { id: id('view', `${w}-${v}`), name: `${topic} ${viewKind}`, contentUrl: `${slug}/sheets/${viewKind}`, createdAt: stamp(100 + w), updatedAt: stamp(200 + w), viewUrlName: viewKind },
          children: [{ name: 'workbook', attrs: { id: wbId } }, owner(w), { name: 'project', attrs: { id: project.attrs?.id } }, { name: 'tags' }],
        });
      });
      w++;
    }
  }

  const datasources: TsNode[] = DATASOURCES.map((name, i) => {
    const project = projects[1 + (i % (projects.length - 1))];
    return {
      name: 'datasource',
      attrs: { id: id('datasource', i), name, contentUrl: name.replace(/\s+/g, ''), type: i % 3 === 0 ? 'sqlserver' : i % 3 === 1 ? 'postgres' : 'hyper', isCertified: i % 4 === 0, createdAt: stamp(50 + i), updatedAt: stamp(300 + i) },
      children: [{ name: 'project', attrs: { id: project.attrs?.id, name: project.attrs?.name } }, owner(i), { name: 'tags' }],
    };
  });

  const jobs: TsNode[] = Array.from({ length: 6 }, (_, i) => {
    const done = i < 4;
    return {
      name: 'job',
      attrs: {
        id: id('job', i),
        mode: 'Asynchronous',
        type: i % 2 === 0 ? 'RefreshExtract' : 'PublishWorkbook',
        progress: done ? 100 : 40,
        createdAt: stamp(400 + i),
        startedAt: stamp(400 + i),
        completedAt: done ? stamp(401 + i) : undefined,
        finishCode: done ? (i === 3 ? 1 : 0) : undefined,
      },
    };
  });

  return {
    luid: siteLuid(contentUrl),
    contentUrl,
    name: siteDisplayName(contentUrl),
    content: { projects, users, groups, workbooks, views, datasources, jobs },
  };
}

export interface NewProject {
  name: string;
  description?: string;
  parentProjectId?: string;
  contentPermissions?: string;
}

export function makeProject(input: NewProject, ownerLuid: string, now: number): TsNode {
  const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    name: 'project',
    attrs: {
      id: randomLuid(),
      name: input.name,
      description: input.description ?? '',
      parentProjectId: input.parentProjectId || undefined,
      contentPermissions: input.contentPermissions ?? 'ManagedByOwner',
      createdAt: at,
      updatedAt: at,
    },
    children: [{ name: 'owner', attrs: { id: ownerLuid } }],
  };
}

export class PagingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Page {
  items: TsNode[];
  pagination: TsNode;
}

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

/**
 * Applies `filter` (`field:eq:value`, comma-separated, all must hold) and paging (`pageSize` 1..1000, default 100;
 * `pageNumber` from 1, default 1). A page past the end is empty, as on Tableau.
 */
export function page(items: TsNode[], query: URLSearchParams): Page {
  const size = pagingNumber(query, 'pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, '400007', 'Invalid page size');
  const number = pagingNumber(query, 'pageNumber', 1, Number.MAX_SAFE_INTEGER, '400006', 'Invalid page number');
  const filtered = applyFilter(items, query.get('filter'));
  return {
    items: filtered.slice((number - 1) * size, number * size),
    pagination: { name: 'pagination', attrs: { pageNumber: number, pageSize: size, totalAvailable: filtered.length } },
  };
}

function pagingNumber(query: URLSearchParams, key: string, fallback: number, max: number, code: string, summary: string): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new PagingError(code, `${summary}: ${key} must be a whole number from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'the number of pages' : max}; got "${raw.slice(0, 40)}"`);
  }
  return Number(raw);
}

function applyFilter(items: TsNode[], filter: string | null): TsNode[] {
  if (filter === null || filter === '') return items;
  const clauses = filter.split(',').map((clause) => {
    const match = /^([A-Za-z]+):eq:(.*)$/.exec(clause);
    if (!match) throw new PagingError('400065', `Invalid filter: "${clause.slice(0, 60)}" is not field:eq:value (the simulator supports eq only)`);
    return { field: match[1], value: match[2] };
  });
  return items.filter((item) => clauses.every(({ field, value }) => String(item.attrs?.[field] ?? '') === value));
}

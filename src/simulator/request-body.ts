/**
 * Request bodies: XML (`<tsRequest>...`) or JSON, both turned into one plain shape and checked the same way.
 * The format comes from Content-Type; when that names neither (fetch sends text/plain for a string body), the first
 * character decides. Anything malformed is a `BadRequest` (400, code 400000) naming what is wrong; the message never
 * repeats a credential value.
 */
import { MAX_DEPTH, parseXml, XmlSyntaxError, type XmlElement } from './xml/parse.js';

export class BadRequest extends Error {
  constructor(
    message: string,
    readonly code = '400000',
  ) {
    super(message);
  }
}

type Plain = { [key: string]: string | Plain };

export function parseBody(body: string, contentType: string | undefined): Plain {
  const type = (contentType ?? '').toLowerCase();
  const first = body.trimStart()[0];
  const isJson = type.includes('json') || (!type.includes('xml') && first === '{');
  const isXml = !isJson && (type.includes('xml') || first === '<');
  if (body.trim() === '') throw new BadRequest('The request body is empty; expected a tsRequest in XML or JSON.');
  if (isJson) return fromJson(body);
  if (isXml) return fromXml(body);
  throw new BadRequest('The request body is neither XML nor JSON.');
}

function fromJson(body: string): Plain {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    // Never echo the parser's message: recent V8s quote a slice of the input, which may hold a secret.
    const at = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new BadRequest(`Malformed JSON: the body is not valid JSON${at === undefined ? '' : ` (at character ${at})`}.`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new BadRequest('The JSON body must be an object.');
  return checkJson(value as Record<string, unknown>, '', 0);
}

function checkJson(value: Record<string, unknown>, path: string, depth: number): Plain {
  // JSON.parse copes with any depth, but walking it recursively would overflow the stack (a 500): refuse it first.
  if (depth > MAX_DEPTH) throw new BadRequest(`The JSON body nests objects too deeply (more than ${MAX_DEPTH} levels).`);
  const out: Plain = {};
  for (const [key, v] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) out[key] = checkJson(v as Record<string, unknown>, where, depth + 1);
    else if (v === null) continue;
    else throw new BadRequest(`"${where}" must be an object or a string.`);
  }
  return out;
}

function fromXml(body: string): Plain {
  let root: XmlElement;
  try {
    root = parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new BadRequest(`Malformed XML: ${error.message}.`);
    throw error;
  }
  if (root.name !== 'tsRequest') throw new BadRequest(`The XML root element must be <tsRequest>, not <${root.name}>.`);
  return elementToPlain(root, 'tsRequest');
}

function elementToPlain(element: XmlElement, path: string): Plain {
  const out: Plain = {};
  for (const [key, value] of Object.entries(element.attributes)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    out[key] = value;
  }
  for (const child of element.children) {
    const where = `${path}/${child.name}`;
    if (Object.prototype.hasOwnProperty.call(out, child.name)) throw new BadRequest(`<${child.name}> appears twice in <${element.name}> (or clashes with an attribute).`);
    out[child.name] = elementToPlain(child, where);
  }
  return out;
}

export function object(from: Plain, key: string, where: string): Plain | undefined {
  const v = from[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') throw new BadRequest(`${where}.${key} must be an element (object), not text.`);
  return v;
}

export function string(from: Plain | undefined, key: string, where: string): string | undefined {
  const v = from?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new BadRequest(`${where}.${key} must be a string attribute.`);
  return v;
}

export interface SigninRequest {
  kind: 'password' | 'pat' | 'jwt';
  /** User name, PAT name, or (JWT) undefined. */
  name: string | undefined;
  secret: string;
  contentUrl: string;
  impersonateUserId: string | undefined;
}

export function readSignin(body: Plain): SigninRequest {
  const credentials = object(body, 'credentials', 'tsRequest');
  if (credentials === undefined) throw new BadRequest('The sign-in request has no credentials element.');
  const where = 'credentials';
  const site = object(credentials, 'site', where);
  const contentUrl = string(site, 'contentUrl', 'credentials.site') ?? '';
  const user = object(credentials, 'user', where);
  const impersonateUserId = string(user, 'id', 'credentials.user');
  const name = string(credentials, 'name', where);
  const password = string(credentials, 'password', where);
  const patName = string(credentials, 'personalAccessTokenName', where);
  const patSecret = string(credentials, 'personalAccessTokenSecret', where);
  const jwt = string(credentials, 'jwt', where);
  const kinds = [name !== undefined || password !== undefined, patName !== undefined || patSecret !== undefined, jwt !== undefined].filter(Boolean).length;
  if (kinds === 0) {
    throw new BadRequest('The credentials element has no name/password, personalAccessTokenName/personalAccessTokenSecret or jwt.');
  }
  if (kinds > 1) throw new BadRequest('The credentials element mixes credential kinds; send one of name/password, a PAT or a jwt.');
  if (jwt !== undefined) return { kind: 'jwt', name: undefined, secret: jwt, contentUrl, impersonateUserId };
  if (patName !== undefined || patSecret !== undefined) {
    return { kind: 'pat', name: patName ?? '', secret: patSecret ?? '', contentUrl, impersonateUserId };
  }
  return { kind: 'password', name: name ?? '', secret: password ?? '', contentUrl, impersonateUserId };
}

export function readSwitchSite(body: Plain): string {
  const site = object(body, 'site', 'tsRequest');
  const contentUrl = string(site, 'contentUrl', 'site');
  if (site === undefined || contentUrl === undefined) throw new BadRequest('The switchSite request needs a site element with a contentUrl.');
  return contentUrl;
}

const PERMISSIONS = ['LockedToProject', 'ManagedByOwner', 'LockedToProjectWithoutNested'];

export function readNewProject(body: Plain): { name: string; description?: string; parentProjectId?: string; contentPermissions?: string } {
  const project = object(body, 'project', 'tsRequest');
  if (project === undefined) throw new BadRequest('The request has no project element.');
  const name = string(project, 'name', 'project');
  if (name === undefined) throw new BadRequest('The project name is missing.');
  if (name.trim() === '') throw new BadRequest('The project name is empty.');
  if (name.length > 255) throw new BadRequest('The project name is longer than 255 characters.');
  const contentPermissions = string(project, 'contentPermissions', 'project');
  if (contentPermissions !== undefined && !PERMISSIONS.includes(contentPermissions)) {
    throw new BadRequest(`contentPermissions must be one of ${PERMISSIONS.join(', ')}.`);
  }
  return {
    name,
    description: string(project, 'description', 'project'),
    parentProjectId: string(project, 'parentProjectId', 'project'),
    contentPermissions,
  };
}

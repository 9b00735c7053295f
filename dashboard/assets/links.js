// Which link targets may become clickable: absolute http(s) and mailto URLs only. Everything else (javascript:,
// data:, vbscript:, relative paths, protocol-relative "//host") is rendered as inert text. The URL parser does the
// normalising (it drops tabs and newlines, lower-cases the scheme), so "JaVa\tScRiPt:" is seen as javascript:.
const ALLOWED = new Set(['http:', 'https:', 'mailto:']);

/** The normalised href, or null when the target must stay inert. */
export function safeHref(raw) {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (!text || text.length > 4096) return null;
  let url;
  try {
    url = new URL(text); // no base: relative URLs throw
  } catch {
    return null;
  }
  return ALLOWED.has(url.protocol) ? url.href : null;
}

const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DATA_URL = /^data:(image\/[a-z]+);base64,(.*)$/s;

/**
 * A data: URL for an inline raster image, or null. Only base64 data of PNG, JPEG, GIF or WebP: nothing the
 * browser would fetch, and no SVG (a document format).
 */
export function imageDataUrl(mediaType, data) {
  if (!IMAGE_TYPES.has(String(mediaType).toLowerCase()) || typeof data !== 'string') return null;
  const compact = data.replace(/\s+/g, '');
  return compact && BASE64.test(compact) ? `data:${mediaType.toLowerCase()};base64,${compact}` : null;
}

/** The same check for a URL that should already be a data: URL (OpenAI's image_url, Anthropic's url source). */
export function dataImageUrl(url) {
  const m = typeof url === 'string' ? DATA_URL.exec(url.trim()) : null;
  return m ? imageDataUrl(m[1], m[2]) : null;
}

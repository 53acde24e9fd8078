// The same endpoint on the edge runtime (Web Crypto and fetch only): this module is bundled and
// run apart from the Node one, with its own handler.
export { POST } from '../../../featurebase/identify/route';
export const runtime = 'edge';

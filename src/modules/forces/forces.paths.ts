export const forcePaths = {
  list: (status?: string) => (status ? `/forces?status=${encodeURIComponent(status)}` : '/forces'),
  show: (slug: string) => `/forces/${slug}`,
  api: (slug: string) => `/api/v1/forces/${slug}`,
};

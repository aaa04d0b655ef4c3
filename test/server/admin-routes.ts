/** The admin routes a router lists, for the tests that walk every one of them. */

/** Every admin route of `routes` (a Hono app's), once, with its parameters filled in. */
export function adminRoutesOf(
  routes: { method: string; path: string }[],
  slug = 'el-salvador',
  id = '999999',
) {
  const seen = new Set<string>();
  return routes
    .filter((route) => route.path.startsWith('/api/admin') && route.method !== 'ALL')
    .filter(
      (route) =>
        !seen.has(`${route.method} ${route.path}`) && seen.add(`${route.method} ${route.path}`),
    )
    .map((route) => ({
      method: route.method,
      pattern: route.path,
      path: route.path
        .replace(':slug', slug)
        .replace(':partner', 'oxfam')
        .replace(/:\w+(\{[^}]*\})?/g, id),
    }));
}

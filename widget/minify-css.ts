/**
 * A Vite plugin for the widget's build: minifies the CSS inside `css\`...\`` templates with
 * Lightning CSS (the minifier Vite itself uses), so the styles ship the way a CSS tool writes them,
 * not as source with its white space. Only templates without `${}` are touched; no targets are
 * given, so modern syntax (`light-dark()`, logical properties) is kept as written.
 */
import { transform } from 'lightningcss';
import type { Plugin } from 'vite';

export function minifyCssTemplates(): Plugin {
  return {
    name: 'minify-css-templates',
    transform(code, id) {
      if (!/\.styles\.ts$/.test(id)) return null;
      return code.replace(/\bcss`([^`$]*)`/g, (_whole, source: string) => {
        const minified = transform({
          filename: id,
          code: Buffer.from(source),
          minify: true,
        }).code.toString();
        return `css\`${minified.replace(/\\/g, '\\\\')}\``;
      });
    },
  };
}

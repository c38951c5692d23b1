"""Pages: the Markdown of every generated page (`renderer`), the allow-list cleaning of answers'
HTML (`sanitize`), the site's own files (`site_files`), and what a build writes beside them
(`precompress`, `preview_cache`)."""

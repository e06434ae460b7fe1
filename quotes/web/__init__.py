"""Publishing the quotes database on the web: a Datasette plugin and the helpers behind its pages.

:mod:`quotes.web.plugin` holds the hooks and routes, :mod:`quotes.web.queries` the SQL,
:mod:`quotes.web.highlight` the marking of quotes in article text, :mod:`quotes.web.charts` the
SVG charts. How Datasette is configured and started is :mod:`quotes.publish`'s business.
"""

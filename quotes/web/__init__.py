"""Publishing the quotes database on the web: a Datasette plugin and the helpers behind its pages.

:mod:`quotes.web.plugin` holds the hooks and routes, :mod:`quotes.web.queries` the SQL,
:mod:`quotes.web.highlight` the marking of quotes in article text, :mod:`quotes.web.charts` the
SVG charts, :mod:`quotes.web.facets` the month facet, :mod:`quotes.web.export` the Excel-friendly
CSV. The Atom feeds are the ``datasette-atom`` plugin's, over canned queries in metadata.yml. How Datasette is configured and started is :mod:`quotes.publish`'s business.
"""

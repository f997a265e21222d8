"""Server-rendered pages (Jinja2), each the HTML twin of a JSON endpoint under ``/api``."""

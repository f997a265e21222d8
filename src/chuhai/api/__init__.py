"""The HTTP interface: FastAPI routers over the services, JSON under ``/api``."""

"""The HTTP face of the mock server: the FastAPI app factory, its routes, error shapes, the
request guard and the fault middleware. The only package that imports FastAPI, Starlette,
pydantic or uvicorn.
"""

"""Starlette JSON hello: GET / returns {"message": "Hello World"} (JSONResponse, one route)."""
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def hello(request):
    return JSONResponse({"message": "Hello World"})


app = Starlette(routes=[Route("/", hello)])

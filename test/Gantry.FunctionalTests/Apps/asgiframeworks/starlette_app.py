"""A Starlette app (Debian's python3-starlette) for Gantry's ASGI tests: JSON, a sync view (anyio's thread pool), a
request body, a streaming response (anyio task group listening for disconnect), a background task, lifespan state.
Run: gantry asgi --app-dir Apps/asgiframeworks starlette_app:app"""
import asyncio
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route

background_runs = []


async def home(request):
    return JSONResponse({"hello": "starlette", "state": request.state.greeting})


def sync_view(request):
    return PlainTextResponse("sync view ran in a thread")


async def reverse(request):
    body = await request.body()
    return PlainTextResponse(body[::-1])


async def stream(request):
    async def parts():
        for number in range(3):
            yield f"part {number}\n"
            await asyncio.sleep(0.01)
    return StreamingResponse(parts(), media_type="text/plain")


async def with_background(request):
    async def later():
        await asyncio.sleep(0.01)
        background_runs.append(1)
    return PlainTextResponse("answered first", background=BackgroundTask(later))


async def background_count(request):
    return PlainTextResponse(str(len(background_runs)))


async def crash(request):
    raise LookupError("starlette-boom-marker")


@asynccontextmanager
async def lifespan(app):
    yield {"greeting": "from lifespan"}


app = Starlette(routes=[
    Route("/", home),
    Route("/sync", sync_view),
    Route("/reverse", reverse, methods=["POST"]),
    Route("/stream", stream),
    Route("/background", with_background),
    Route("/background/count", background_count),
    Route("/crash", crash),
], lifespan=lifespan)

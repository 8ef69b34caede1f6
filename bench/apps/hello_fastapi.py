"""FastAPI JSON hello: GET / returns {"message": "Hello World"} (an async path operation returning a dict)."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def hello():
    return {"message": "Hello World"}

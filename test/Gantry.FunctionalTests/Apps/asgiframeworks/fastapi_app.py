"""A FastAPI app (Debian's python3-fastapi): async and sync path operations, query and path parameters, a pydantic
body with validation errors (422). Run: gantry asgi --app-dir Apps/asgiframeworks fastapi_app:app"""
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Item(BaseModel):
    name: str
    price: float


@app.get("/")
async def root():
    return {"message": "Hello FastAPI"}


@app.get("/items/{item_id}")
def read_item(item_id: int, q: str = None):
    return {"item_id": item_id, "q": q}


@app.post("/items")
async def create_item(item: Item):
    return {"name": item.name, "double": item.price * 2}

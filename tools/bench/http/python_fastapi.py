"""The JSON endpoint as a FastAPI app, served by uvicorn (see the harness for the command).

python3 -m uvicorn python_fastapi:app --port <port>
"""
from fastapi import FastAPI

app = FastAPI()


@app.get("/json")
def hello():
    return {"message": "Hello, World!"}

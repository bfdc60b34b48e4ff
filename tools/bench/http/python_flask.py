"""The JSON endpoint as a Flask app, served by gunicorn (see the harness for the command).

gunicorn --bind 127.0.0.1:<port> python_flask:app
"""
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/json")
def hello():
    return jsonify(message="Hello, World!")

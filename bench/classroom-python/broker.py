#!/usr/bin/env python3
"""The classroom broker, as its guide describes it: the baseline for bench/http.

A FastAPI app that keeps every message in memory: ``topics`` maps a topic to
a list of message dicts, ``consumers`` maps a consumer id to its topic and the
next offset to read, and an ``asyncio.Lock`` per topic serialises produce and
consume on that topic. Nothing is ever written to disk.

Written from the guide's description (../../../shared/classroom-guide.md in
the workspace; sections 3 and 4), not copied: the guide's
``shared/schemas.py`` models live at the top of this one file. It is kept
deliberately as the guide describes it, without optimisations, because it is
the design minikafka is measured against.

Run it the way the guide does, one uvicorn worker:

    python3 broker.py --port 8000 [--host 127.0.0.1]

Needs Debian's python3-fastapi and python3-uvicorn (the system python3).
"""

import argparse
import asyncio
import uuid
from typing import Dict, List, Optional

from fastapi import FastAPI, HTTPException, Response
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel


# --- 3) The data models (the guide's shared/schemas.py) ----------------------


class TopicRegistration(BaseModel):
    topic: str


class ProducerRegistration(BaseModel):
    topic: str
    producer_id: Optional[str] = None


class ConsumerRegistration(BaseModel):
    topic: str
    consumer_id: Optional[str] = None


class PublishRequest(BaseModel):
    topic: str
    value: str
    key: Optional[str] = None


class ConsumeRequest(BaseModel):
    consumer_id: str


class Message(BaseModel):
    topic: str
    offset: int
    value: str
    key: Optional[str] = None


# --- 4.1) App setup -------------------------------------------------------------

app = FastAPI(
    title="Mini Kafka Broker",
    description="A tiny educational Kafka-like broker: in-memory topics and consumer offsets.",
    version="0.1.0",
)
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)

# --- 4.2) In-memory storage -----------------------------------------------------
# topics[topic] = list of messages (dicts with topic, value, key?, offset)
# consumers[consumer_id] = {"topic": str, "offset": int}
# locks[topic] = asyncio.Lock() so writes/reads are serialized per topic
topics: Dict[str, List[dict]] = {}
consumers: Dict[str, dict] = {}
locks: Dict[str, asyncio.Lock] = {}


def _ensure_topic(topic: str) -> bool:
    """Creates the topic's list and lock if missing; True when it was created."""
    if topic in topics:
        return False
    topics[topic] = []
    locks[topic] = asyncio.Lock()
    return True


# --- 4.3) Endpoints -------------------------------------------------------------


@app.get("/")
async def root():
    return {"message": "Welcome to Mini Kafka (FastAPI broker). See /docs."}


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.post("/topics/register")
async def register_topic(req: TopicRegistration):
    created = _ensure_topic(req.topic)
    return {"topic": req.topic, "created": created}


@app.post("/producers/register")
async def register_producer(req: ProducerRegistration):
    _ensure_topic(req.topic)
    producer_id = req.producer_id or f"producer-{uuid.uuid4().hex[:8]}"
    print(f"[broker] producer {producer_id} registered on topic {req.topic}")
    return {"producer_id": producer_id, "topic": req.topic}


@app.post("/consumers/register")
async def register_consumer(req: ConsumerRegistration):
    _ensure_topic(req.topic)
    consumer_id = req.consumer_id or f"consumer-{uuid.uuid4().hex[:8]}"
    consumers[consumer_id] = {"topic": req.topic, "offset": 0}
    return {"consumer_id": consumer_id, "topic": req.topic, "offset": 0}


@app.post("/produce")
async def produce(req: PublishRequest):
    if req.topic not in topics:
        raise HTTPException(status_code=404, detail="Topic not found")
    async with locks[req.topic]:
        messages = topics[req.topic]
        offset = len(messages)  # offset = length of the list before append
        msg = {"topic": req.topic, "offset": offset, "value": req.value, "key": req.key}
        messages.append(msg)
    return {"topic": req.topic, "offset": offset}


@app.post("/consume", response_model=Message)
async def consume(req: ConsumeRequest):
    state = consumers.get(req.consumer_id)
    if state is None:
        raise HTTPException(status_code=404, detail="Consumer not found")
    topic = state["topic"]
    async with locks[topic]:
        messages = topics[topic]
        offset = state["offset"]
        if offset >= len(messages):
            return Response(status_code=204)  # nothing new for this consumer
        msg = messages[offset]
        state["offset"] = offset + 1
    return Message(**msg)


@app.get("/stats")
async def stats():
    return {
        "topics": {name: len(msgs) for name, msgs in topics.items()},
        "consumers": {cid: dict(c) for cid, c in consumers.items()},
    }


if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser(description="Mini Kafka classroom broker (baseline)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--log-level", default="warning",
                        help="uvicorn log level (default warning: no access log lines)")
    args = parser.parse_args()
    # One worker, as the guide runs it (python broker/main.py).
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)

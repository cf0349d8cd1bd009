# One image for every role: web (`bot serve`), scheduler (`bot scheduler`) and the deploy step (`bot migrate`).
FROM python:3.11-slim
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY knowledge ./knowledge
COPY scheduler ./scheduler
COPY workspaces ./workspaces
RUN pip install --no-cache-dir . && useradd --system --home /app bot && mkdir -p /app/data && chown bot /app/data
USER bot
EXPOSE 8000
CMD ["bot", "serve", "--host", "0.0.0.0", "--port", "8000"]

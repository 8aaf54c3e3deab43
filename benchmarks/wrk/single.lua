-- One instance per request, as the page's script and most clients send.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"experience":2,"test_score":9,"interview_score":6}'

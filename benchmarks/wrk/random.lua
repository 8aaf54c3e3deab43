-- One instance per request, its inputs drawn at random inside the training data's ranges (experience 0-11,
-- scores 6-10), as varied requests are: for measuring what the record stores, not for timing.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

function request()
  local body = string.format('{"experience":%d,"test_score":%d,"interview_score":%d}',
      math.random(0, 11), math.random(6, 10), math.random(6, 10))
  return wrk.format(nil, nil, nil, body)
end

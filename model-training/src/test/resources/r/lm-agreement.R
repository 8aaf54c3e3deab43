# The independent oracle of RAgreementTest: R's lm on the CSV the trainer reads, with factors, missing cells and a
# log target, as a data scientist would fit it in R. Writes one line per figure, "name value...", each value with
# 17 significant digits, for the test to compare with the trainer's model.
#
# Usage: Rscript lm-agreement.R SCENARIO DATA.csv NEW.csv OUT.txt
#   SCENARIO drop:   lm's default na.action (na.omit) leaves out each row with NA in a column of the formula;
#                    the test trains with --drop-incomplete.
#   SCENARIO impute: yrs.since.phd's NAs filled with its median, yrs.service's with its mean, discipline's with
#                    its most frequent level (the first declared of equally frequent ones); the test's schema
#                    declares the same rules.
# NEW.csv holds the instances to predict; in the impute scenario a missing cell there is filled with the same values.

args <- commandArgs(trailingOnly = TRUE)
scenario <- args[1]
# A blank cell is missing too, in every column, as the trainer reads it (read.csv alone keeps "" as a level).
data <- read.csv(args[2], na.strings = c("NA", ""))
new <- read.csv(args[3], na.strings = c("NA", ""))
levels_of <- list(rank = c("AsstProf", "AssocProf", "Prof"), discipline = c("A", "B"))
for (name in names(levels_of)) {
  data[[name]] <- factor(data[[name]], levels = levels_of[[name]])
  new[[name]] <- factor(new[[name]], levels = levels_of[[name]])
}
out <- file(args[4], "w")
put <- function(name, values) {
  writeLines(paste(c(name, sprintf("%.17g", values)), collapse = " "), out)
}

if (scenario == "impute") {
  fills <- list(
    yrs.since.phd = median(data$yrs.since.phd, na.rm = TRUE),
    yrs.service = mean(data$yrs.service, na.rm = TRUE),
    discipline = levels(data$discipline)[which.max(table(data$discipline))])
  for (name in names(fills)) {
    data[[name]][is.na(data[[name]])] <- fills[[name]]
    new[[name]][is.na(new[[name]])] <- fills[[name]]
  }
  put("fill.yrs_since_phd", fills$yrs.since.phd)
  put("fill.yrs_service", fills$yrs.service)
  put("fill.discipline", match(fills$discipline, levels_of$discipline) - 1)
}

fit <- lm(log(salary) ~ rank + discipline + yrs.since.phd + yrs.service, data = data)
table <- summary(fit)$coefficients
put("terms", seq_len(nrow(table)))
writeLines(paste(c("names", rownames(table)), collapse = " "), out)
put("estimate", table[, "Estimate"])
put("std_error", table[, "Std. Error"])
put("t", table[, "t value"])
put("p", table[, "Pr(>|t|)"])
put("sigma", summary(fit)$sigma)
put("df", fit$df.residual)
put("rows", nobs(fit))
dropped <- if (is.null(fit$na.action)) integer(0) else as.integer(fit$na.action)
put("dropped", dropped)
# One F-test per factor: the fit without its columns against the full fit.
f_tests <- drop1(fit, test = "F")
put("F.rank", f_tests["rank", "F value"])
put("F.rank.p", f_tests["rank", "Pr(>F)"])
put("F.discipline", f_tests["discipline", "F value"])
put("F.discipline.p", f_tests["discipline", "Pr(>F)"])
# The estimate and its 95% prediction interval in dollars: exp of the log's, as the server serves them.
predicted <- exp(predict(fit, newdata = new, interval = "prediction", level = 0.95))
for (i in seq_len(nrow(new))) {
  put(paste0("prediction.", i - 1), predicted[i, c("fit", "lwr", "upr")])
}
close(out)

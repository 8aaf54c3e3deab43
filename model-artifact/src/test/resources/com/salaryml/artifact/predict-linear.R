# An independent reader of a linear model file, written from docs/model-format.md alone: it reads the
# file as plain JSON and computes, for each row of an inputs CSV, the estimate, its interval, the baseline
# and each feature's contribution. Usage: Rscript predict-linear.R MODEL.json INPUTS.csv OUT.csv
# An empty cell in INPUTS.csv is a missing input.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
model <- fromJSON(args[1], simplifyVector = FALSE)
inputs <- read.csv(args[2], colClasses = "character", na.strings = "", check.names = FALSE)
if (model$model$kind != "linear") stop("not a linear model")

features <- model$features
is_category <- function(f) !is.null(f$type) && f$type == "categorical"
transform <- if (is.null(model$target$transform)) "none" else model$target$transform
back <- function(v) if (transform == "log") exp(v) else v
stats <- model$training_data$features

# The training mean of each design column: a number's mean, a level's share; and each column's feature.
means <- c()
owner <- c()
for (f in features) {
  if (is_category(f)) {
    shares <- unlist(stats[[f$name]]$level_shares)
    means <- c(means, shares[-1])
    owner <- c(owner, rep(f$name, length(shares) - 1))
  } else {
    means <- c(means, stats[[f$name]]$mean)
    owner <- c(owner, f$name)
  }
}

design_row <- function(row) {
  x <- c()
  for (f in features) {
    value <- row[[f$name]]
    if (is.na(value)) {
      if (is.null(f$missing)) stop(paste("missing", f$name))
      value <- f$missing_value
    }
    if (is_category(f)) {
      x <- c(x, as.numeric(unlist(f$levels)[-1] == value))
    } else {
      x <- c(x, as.numeric(value))
    }
  }
  x
}

coefficients <- as.numeric(unlist(model$model$coefficients))
intercept <- model$model$intercept
interval <- model$interval
out <- NULL
for (i in seq_len(nrow(inputs))) {
  x <- design_row(inputs[i, , drop = FALSE])
  fitted <- intercept + sum(coefficients * x)
  baseline <- intercept + sum(coefficients * means)
  parts <- tapply(coefficients * (x - means), factor(owner, levels = unique(owner)), sum)
  low <- NA
  high <- NA
  if (!is.null(interval) && interval$method == "ols-exact") {
    v <- do.call(rbind, lapply(interval$xtx_inverse, as.numeric))
    x0 <- c(1, x)
    half <- interval$t_critical * interval$residual_std_error * sqrt(1 + drop(t(x0) %*% v %*% x0))
    low <- back(fitted - half)
    high <- back(fitted + half)
  }
  out <- rbind(out, c(value = back(fitted), low = low, high = high, baseline = baseline, parts))
}
write.csv(format(as.data.frame(out), digits = 17), args[3], row.names = FALSE, quote = FALSE)

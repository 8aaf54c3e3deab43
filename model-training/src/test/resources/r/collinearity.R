# The independent oracle of CollinearityTest: the near-collinearity diagnostics of AER::CPS1985 with age in the
# design, as a data scientist would compute them in R (car::vif is not needed: a column's VIF is 1 / (1 - R^2) of
# the column regressed on the others, here SST / RSS of that regression, which keeps its digits where 1 - R^2 would
# round). Writes one line per figure, "name value", each value with 17 significant digits.
#
# Usage: Rscript collinearity.R CPS1985.csv OUT.txt
args <- commandArgs(trailingOnly = TRUE)
data <- read.csv(args[1])
# The schema's levels, the first the reference, as the trainer codes them.
levels_of <- list(
  ethnicity = c("cauc", "hispanic", "other"), region = c("south", "other"), gender = c("male", "female"),
  occupation = c("worker", "technical", "services", "office", "sales", "management"),
  sector = c("manufacturing", "construction", "other"), union = c("no", "yes"), married = c("no", "yes"))
for (name in names(levels_of)) {
  data[[name]] <- factor(data[[name]], levels = levels_of[[name]])
}
terms <- c("education", "experience", "age", names(levels_of))
x <- model.matrix(reformulate(terms), data)
# The trainer's names for the design columns: a number's name, or feature=level.
names <- character(0)
for (t in seq_along(terms)) {
  term <- terms[t]
  names <- c(names, if (is.factor(data[[term]])) paste0(term, "=", levels(data[[term]])[-1]) else term)
}
x <- x[, -1]
colnames(x) <- names
out <- file(args[2], "w")
put <- function(name, values) writeLines(paste(c(name, sprintf("%.17g", values)), collapse = " "), out)
for (j in seq_len(ncol(x))) {
  centred <- x[, j] - mean(x[, j])
  put(paste0("vif.", colnames(x)[j]), sum(centred^2) / sum(resid(lm(x[, j] ~ x[, -j]))^2))
}
put("condition", kappa(scale(x), exact = TRUE))
hat <- hatvalues(lm(log(data$wage) ~ x))
put("leverage_one", which(1 - hat < 1e-9))
close(out)
